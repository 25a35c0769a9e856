package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/lakesql"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/plugins/contacts"
	"github.com/graphlake/graphlake/plugins/groups"
	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk"
)

// snapshotID is the folder of the snapshot the test writes.
const snapshotRunID = "testsnap"

// writeSnapshot writes, for every table, a snapshot of round S as the
// snapshot contract has it: current/<table>/snapshot=<S>-<run>/0000.parquet
// with the change log's columns, one row per live key (a child's rows
// already without orphans), _op upsert, the meta of the key's last change
// (_tenant included) and every declared column in _fields. It is made from
// the log-only current views of db, which the test has compared with the
// emulator.
func (l *lake) writeSnapshot(db *sql.DB, round int64) map[string]lakesql.Snapshot {
	l.t.Helper()
	tables := l.tables()
	out := map[string]lakesql.Snapshot{}
	for _, t := range tables {
		var declared, fields []string
		for _, f := range t.Declared() {
			declared = append(declared, `"`+f.Name+`"`)
			fields = append(fields, "'"+f.Name+"'")
		}
		name := fmt.Sprintf("current/%s/snapshot=%020d-%s/0000.parquet", t.Name, round, snapshotRunID)
		if err := os.MkdirAll(filepath.Join(l.root, filepath.Dir(name)), 0o755); err != nil {
			l.t.Fatal(err)
		}
		q := fmt.Sprintf(`COPY (SELECT %s, 'upsert' AS _op, CAST(NULL AS VARCHAR) AS _removed_reason, _round, _seq, _synced_at,
			_stream, [%s] AS _fields, _extra, _tenant FROM %s_current) TO '%s' (FORMAT parquet)`,
			strings.Join(declared, ", "), strings.Join(fields, ", "), t.Name, name)
		if _, err := db.Exec(q); err != nil {
			l.t.Fatalf("write the snapshot of %s: %v", t.Name, err)
		}
		out[t.Name] = lakesql.Snapshot{Round: round, ID: fmt.Sprintf("%020d-%s", round, snapshotRunID), Files: []string{name}}
	}
	return out
}

// snapshotSQL is etl sql's DuckDB SQL with the current views pinned to
// snaps. etl sql pins them to the snapshot that the latest entry names;
// the test's snapshot is named by none, so it builds the same SQL itself.
func (l *lake) snapshotSQL(snaps map[string]lakesql.Snapshot) string {
	l.t.Helper()
	st, err := store.NewLocal(l.root)
	if err != nil {
		l.t.Fatal(err)
	}
	tables := l.tables()
	lake, err := lakesql.Inspect(context.Background(), st, tables, lakesql.InspectOptions{FindUnwritten: true})
	if err != nil {
		l.t.Fatal(err)
	}
	for name, s := range snaps {
		s.Since = lake.FirstDay.AddDate(0, 0, -1)
		snaps[name] = s
	}
	lake.Pipeline, lake.Tenant, lake.Snapshots = "duckdb", l.srv.TenantID(), snaps
	var b strings.Builder
	if err := lakesql.DuckDB(&b, tables, lake); err != nil {
		l.t.Fatal(err)
	}
	return b.String()
}

// tables are the built-in plugins' tables, as etl sql reads them.
func (l *lake) tables() []lakesql.Table {
	l.t.Helper()
	var schemas []*arrow.Schema
	for _, src := range []sdk.Source{users.New(), groups.New(), contacts.New(), mail.New()} {
		for _, t := range src.Tables() {
			schemas = append(schemas, t.Schema())
		}
	}
	tables, err := lakesql.FromSchemas(schemas)
	if err != nil {
		l.t.Fatal(err)
	}
	return tables
}

// assertSnapshotAgrees checks that current views started from the
// snapshot equal the log-only ones, meta columns included, and the
// emulator; then that they do not read the change log up to the snapshot:
// with round 1's files gone, they still match.
func (l *lake) assertSnapshotAgrees(logOnly *sql.DB, snaps map[string]lakesql.Snapshot) {
	l.t.Helper()
	snapSQL := l.snapshotSQL(snaps)
	if !strings.Contains(snapSQL, "snapshot="+fmt.Sprintf("%020d", snaps["users"].Round)) {
		l.t.Fatalf("the SQL does not read the snapshot:\n%s", snapSQL)
	}
	withSnap := l.openDuckDB(snapSQL)
	for table, key := range tableKeys {
		q := "SELECT * FROM " + table + "_current"
		want, got := sortBy(query(l.t, logOnly, q), key...), sortBy(query(l.t, withSnap, q), key...)
		if diff := cmp.Diff(want, got); diff != "" {
			l.t.Fatalf("%s_current from the snapshot differs from the whole log's (-log +snapshot):\n%s", table, diff)
		}
	}
	l.assertCurrent(withSnap, "from the snapshot,")
	l.hideRound(1, func() { l.assertCurrent(l.openDuckDB(snapSQL), "from the snapshot, without round 1's files,") })
}

// hideRound moves a round's change-log files out of the lake while fn runs.
func (l *lake) hideRound(round int, fn func()) {
	l.t.Helper()
	files, err := filepath.Glob(filepath.Join(l.root, "*", "date=*", fmt.Sprintf("%010d-*.parquet", round)))
	if err != nil || len(files) == 0 {
		l.t.Fatalf("no files of round %d (%v)", round, err)
	}
	hidden := l.t.TempDir()
	for i, f := range files {
		if err := os.Rename(f, filepath.Join(hidden, fmt.Sprint(i))); err != nil {
			l.t.Fatal(err)
		}
	}
	defer func() {
		for i, f := range files {
			if err := os.Rename(filepath.Join(hidden, fmt.Sprint(i)), f); err != nil {
				l.t.Fatal(err)
			}
		}
	}()
	fn()
}
