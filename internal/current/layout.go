package current

import (
	"fmt"
	"path"
	"regexp"
	"sort"

	"github.com/graphlake/graphlake/internal/manifest"
)

// Dir is the folder of the snapshots under the lake root.
const Dir = "current/"

// SnapshotDir is the folder of a table's snapshot of round, written by run.
func SnapshotDir(table string, round int64, runID string) string {
	return fmt.Sprintf("%s%s/snapshot=%020d-%s/", Dir, table, round, runID)
}

// partName is the object name of one file of a table's snapshot.
func partName(table string, round int64, runID string, part int) string {
	return path.Join(SnapshotDir(table, round, runID), fmt.Sprintf("%04d.parquet", part))
}

// snapshotFile matches the names partName makes: the table, then the
// snapshot's id (its round and run).
var snapshotFile = regexp.MustCompile(`^current/([^/]+)/snapshot=([0-9]{20}-[0-9a-f]+)/[0-9]{4,}\.parquet$`)

// SnapshotFileID returns the snapshot id ("<round>-<run>") of name, a file
// of table's snapshot as etl names them; false for any other name. A name
// read from the lake is checked so before a reader uses it: a forged one
// might hold what a reader takes for a pattern (DuckDB's read_parquet
// globs "*", "?" and "[…]").
func SnapshotFileID(table, name string) (string, bool) {
	m := snapshotFile.FindStringSubmatch(name)
	if m == nil || m[1] != table {
		return "", false
	}
	return m[2], true
}

// sortTables sorts a snapshot's tables by name.
func sortTables(tables []manifest.CurrentTable) {
	sort.Slice(tables, func(i, j int) bool { return tables[i].Table < tables[j].Table })
}
