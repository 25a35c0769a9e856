package current

import (
	"fmt"
	"path"
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

// sortTables sorts a snapshot's tables by name.
func sortTables(tables []manifest.CurrentTable) {
	sort.Slice(tables, func(i, j int) bool { return tables[i].Table < tables[j].Table })
}
