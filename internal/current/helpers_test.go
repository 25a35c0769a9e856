package current_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/lake"
	"github.com/graphlake/graphlake/sdk/table"
)

// The test tables: people with every kind of column, and groups with
// their members, a child table.
var (
	people = table.Table{Name: "people", Key: []string{"id"}, Columns: []table.Column{
		{Name: "id", Type: table.String()}, {Name: "name", Type: table.String()}, {Name: "boss", Type: table.String()},
		{Name: "age", Type: table.Int64()}, {Name: "score", Type: table.Float64()}, {Name: "active", Type: table.Bool()},
		{Name: "born", Type: table.Timestamp()}, {Name: "hired", Type: table.Date()}, {Name: "tags", Type: table.List(table.String())},
		{Name: "home", Type: table.Struct(table.Column{Name: "city", Type: table.String()}, table.Column{Name: "zip", Type: table.String()})},
	}}
	groups  = table.Table{Name: "groups", Key: []string{"id"}, Columns: []table.Column{{Name: "id", Type: table.String()}, {Name: "name", Type: table.String()}}}
	members = table.Table{Name: "members", Key: []string{"groupId", "memberId"}, Parent: &table.Parent{Table: "groups", Columns: []string{"groupId"}},
		Columns: []table.Column{{Name: "groupId", Type: table.String()}, {Name: "memberId", Type: table.String()}, {Name: "role", Type: table.String()}}}
	testTables = map[string]table.Table{"people": people, "groups": groups, "members": members}
)

// op is one change-log row: an item as Graph sends it (with @removed for
// a deletion), or a tombstone by key.
type op struct {
	table string
	raw   string
	key   map[string]string
}

func up(tbl, raw string) op { return op{table: tbl, raw: raw} }

// gone deletes the row with the given key: "id", "a" or "groupId", "g", "memberId", "u".
func gone(tbl string, kv ...string) op {
	key := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		key[kv[i]] = kv[i+1]
	}
	return op{table: tbl, key: key}
}

// testLake commits rounds of hand-made changes to a local lake.
type testLake struct {
	t      *testing.T
	s      store.Store
	latest *manifest.Committed
	// log holds every committed change-log row by table, read back once.
	log map[string][]map[string]any
	// tables are the tables rounds write (default testTables).
	tables map[string]table.Table
}

func newTestLake(t *testing.T) *testLake {
	t.Helper()
	s, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return &testLake{t: t, s: s, log: map[string][]map[string]any{}, tables: testTables}
}

func (l *testLake) next() int64 {
	if l.latest == nil {
		return 1
	}
	return l.latest.Round + 1
}

// round writes ops as the next round's change log and commits it; with
// compact the round writes a snapshot first, as the runner does.
func (l *testLake) round(compact bool, ops ...op) {
	l.t.Helper()
	ctx := context.Background()
	r := l.next()
	runID := fmt.Sprintf("run%d", r)
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r) * time.Hour)
	builders := map[string]*table.Builder{}
	for i, o := range ops {
		b := builders[o.table]
		if b == nil {
			b = table.NewBuilder(memory.DefaultAllocator, l.tables[o.table])
			builders[o.table] = b
			defer b.Release()
		}
		m := table.Meta{Round: r, Seq: int64(i + 1), SyncedAt: at, Stream: "s/" + o.table}
		var err error
		if o.key != nil {
			err = b.AppendTombstone(o.key, "deleted", m)
		} else {
			err = b.AppendRaw(json.RawMessage(o.raw), m)
		}
		if err != nil {
			l.t.Fatalf("round %d op %d: %v", r, i, err)
		}
	}
	w := parquetout.New(parquetout.Options{Store: l.s, Round: r, RunID: runID, Date: at})
	for name, b := range builders {
		rec := b.NewRecord()
		err := w.Write(ctx, name, rec)
		rec.Release()
		if err != nil {
			l.t.Fatal(err)
		}
	}
	files, err := w.Close(ctx)
	if err != nil {
		l.t.Fatal(err)
	}
	e := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Round: r, Kind: manifest.KindSync, RunID: runID,
		StartedAt: at, CommittedAt: at, Streams: []manifest.Stream{}}
	for _, f := range files {
		e.Files = append(e.Files, manifest.File{Table: f.Table, Path: f.Path, Rows: f.Rows, Bytes: f.Bytes, SHA256: f.SHA256})
	}
	if l.latest != nil {
		e.Previous, e.Current = l.latest.SHA256, l.latest.Current
	}
	if compact {
		v, err := current.Open(ctx, l.s, l.latest)
		if err != nil {
			l.t.Fatal(err)
		}
		if e.Current, err = current.Compact(ctx, v.With(e), current.Options{Round: r, RunID: runID}); err != nil {
			l.t.Fatalf("compact round %d: %v", r, err)
		}
	}
	l.commit(e)
}

// compactAlone commits a compact entry, as `etl compact` does.
func (l *testLake) compactAlone() {
	l.t.Helper()
	c, err := current.CommitCompaction(context.Background(), l.s, current.CommitOptions{Pipeline: "p", RunID: fmt.Sprintf("compact%d", l.next())})
	if err != nil {
		l.t.Fatal(err)
	}
	l.latest = c
}

func (l *testLake) commit(e *manifest.Entry) {
	l.t.Helper()
	h, err := manifest.Commit(context.Background(), l.s, e)
	if err != nil {
		l.t.Fatal(err)
	}
	l.latest = &manifest.Committed{Entry: *e, SHA256: h}
	for _, f := range e.Files {
		if err := parquetin.ReadRows(context.Background(), l.s, []parquetin.File{parquetin.Recorded(f)}, func(row map[string]any) error {
			l.log[f.Table] = append(l.log[f.Table], row)
			return nil
		}); err != nil {
			l.t.Fatal(err)
		}
	}
}

// scan returns a table's current rows as Scan streams them.
func (l *testLake) scan(tbl string) []map[string]any {
	l.t.Helper()
	var rows []map[string]any
	if err := current.Scan(context.Background(), l.s, l.latest, tbl, func(row map[string]any) error {
		rows = append(rows, row)
		return nil
	}); err != nil {
		l.t.Fatalf("scan %s: %v", tbl, err)
	}
	return rows
}

// has reports whether a committed round wrote the table.
func (l *testLake) has(tbl string) bool { return len(l.log[tbl]) > 0 }

// snapshot reads a table's newest snapshot files as they are.
func (l *testLake) snapshot(tbl string) []map[string]any {
	l.t.Helper()
	ct := l.latest.Current.Table(tbl)
	if ct == nil {
		l.t.Fatalf("round %d's snapshot has no table %s", l.latest.Round, tbl)
	}
	var names []parquetin.File
	for _, f := range ct.Files {
		names = append(names, parquetin.Recorded(f))
	}
	var rows []map[string]any
	if err := parquetin.ReadRows(context.Background(), l.s, names, func(row map[string]any) error {
		rows = append(rows, row)
		return nil
	}); err != nil {
		l.t.Fatal(err)
	}
	return rows
}

// fold is the reference: sdk/lake's fold of every committed change-log
// file, with the parent rule for child tables.
func (l *testLake) fold(tbl string) []map[string]any {
	l.t.Helper()
	return values(l.foldState(tbl).Rows())
}

func (l *testLake) foldState(tbl string) *lake.State {
	l.t.Helper()
	tt := testTables[tbl]
	st := lake.NewState(tt.Key...)
	for _, row := range l.log[tbl] {
		if err := st.Apply(row); err != nil {
			l.t.Fatal(err)
		}
	}
	if tt.Parent != nil {
		if _, err := st.DropOrphans(l.foldState(tt.Parent.Table), tt.Parent.Columns...); err != nil {
			l.t.Fatal(err)
		}
	}
	return st
}

// values keeps a row's typed columns that hold a value, timestamps as
// text: what lake.State's rows and Scan's rows must agree on.
func values(rows []map[string]any) []map[string]any {
	out := make([]map[string]any, 0, len(rows))
	for _, r := range rows {
		v := map[string]any{}
		for k, x := range r {
			if x == nil || strings.HasPrefix(k, "_") {
				continue
			}
			if ts, ok := x.(time.Time); ok {
				x = ts.UTC().Format(time.RFC3339)
			}
			v[k] = x
		}
		out = append(out, v)
	}
	sort.SliceStable(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out
}
