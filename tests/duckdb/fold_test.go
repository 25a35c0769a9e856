package duckdb

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/lakesql"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/store"
	sdklake "github.com/graphlake/graphlake/sdk/lake" // the harness's type is lake
	"github.com/graphlake/graphlake/sdk/table"
)

// A parent and a child table with every kind of value the fold moves.
var (
	foldParent = table.Table{Name: "p", Key: []string{"id"}, Columns: []table.Column{
		{Name: "id", Type: table.String()}, {Name: "name", Type: table.String()}, {Name: "n", Type: table.Int64()},
		{Name: "ok", Type: table.Bool()}, {Name: "tags", Type: table.List(table.String())}, {Name: "at", Type: table.Timestamp()},
		{Name: "addr", Type: table.Struct(table.Column{Name: "city", Type: table.String()})}}}
	foldChild = table.Table{Name: "c", Key: []string{"pid", "id"}, Parent: &table.Parent{Table: "p", Columns: []string{"pid"}},
		Columns: []table.Column{{Name: "pid", Type: table.String()}, {Name: "id", Type: table.String()}, {Name: "v", Type: table.String()}}}
)

// TestCurrentViewsFoldLikeTheReference writes random change logs (partial
// rows, nulls, repeats within a round, deletions and re-creations of
// parents and children) with the lake's own writer and manifest, and
// compares the current views of the generated SQL with the reference
// fold, package sdk/lake's.
func TestCurrentViewsFoldLikeTheReference(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			root := t.TempDir()
			st, err := store.NewLocal(root)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(seed, 7))
			for round := int64(1); round <= 6; round++ {
				writeRandomRound(t, st, rng, round)
			}
			want := map[string][]map[string]any{"p": foldState(t, st, foldParent, nil), "c": foldState(t, st, foldChild, &foldParent)}
			tables, err := lakesql.FromSchemas([]*arrow.Schema{foldParent.Schema(), foldChild.Schema()})
			if err != nil {
				t.Fatal(err)
			}
			info, err := lakesql.Inspect(context.Background(), st, tables, lakesql.InspectOptions{FindUnwritten: true})
			if err != nil {
				t.Fatal(err)
			}
			var script strings.Builder
			if err := lakesql.DuckDB(&script, tables, info); err != nil {
				t.Fatal(err)
			}
			l := &lake{t: t, root: root}
			db := l.openDuckDB(script.String())
			for name, key := range map[string][]string{"p": {"id"}, "c": {"pid", "id"}} {
				got := withoutMeta(sortBy(query(t, db, "SELECT * FROM "+name+"_current"), key...))
				if diff := cmp.Diff(want[name], got); diff != "" {
					t.Errorf("%s_current differs from sdk/lake's fold (-fold +view):\n%s", name, diff)
				}
			}
		})
	}
}

// writeRandomRound writes one round of random changes to both tables, in
// one (_round, _seq) order, and commits its manifest entry.
func writeRandomRound(t *testing.T, st store.Store, rng *rand.Rand, round int64) {
	t.Helper()
	writeRandomRoundOf(t, st, rng, round, "")
}

// writeRandomRoundOf is writeRandomRound whose files carry tenant in
// _tenant, as the host writes them; "" writes files without the column,
// as hosts before it did.
func writeRandomRoundOf(t *testing.T, st store.Store, rng *rand.Rand, round int64, tenant string) {
	t.Helper()
	ctx := context.Background()
	started := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(round) * 7 * time.Hour)
	w := parquetout.New(parquetout.Options{Store: st, Round: round, RunID: "fold", Date: started, Tenant: tenant})
	pb, cb := table.NewBuilder(memory.DefaultAllocator, foldParent), table.NewBuilder(memory.DefaultAllocator, foldChild)
	defer pb.Release()
	defer cb.Release()
	for seq := int64(1); seq <= 14; seq++ {
		m := table.Meta{Round: round, Seq: seq, SyncedAt: started, Stream: "s"}
		pid := fmt.Sprint("p", rng.IntN(4))
		var err error
		switch r := rng.IntN(10); {
		case r < 1:
			err = pb.AppendTombstone(map[string]string{"id": pid}, "deleted", m)
		case r < 5:
			err = pb.Append(randomParent(rng, pid), m)
		case r < 6:
			err = cb.AppendTombstone(map[string]string{"pid": pid, "id": fmt.Sprint("c", rng.IntN(3))}, "deleted", m)
		default:
			err = cb.Append(table.Object{"pid": raw(pid), "id": raw(fmt.Sprint("c", rng.IntN(3))), "v": raw(fmt.Sprint("v", seq))}, m)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range []*table.Builder{pb, cb} {
		if b.Len() == 0 {
			continue
		}
		rec := b.NewRecord()
		if err := w.Write(ctx, b.Table().Name, rec); err != nil {
			t.Fatal(err)
		}
		rec.Release()
	}
	files, err := w.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "fold", Round: round, Kind: manifest.KindSync, RunID: "fold",
		StartedAt: started, CommittedAt: started}
	for _, f := range files {
		e.Files = append(e.Files, manifest.File{Table: f.Table, Path: f.Path, Rows: f.Rows, Bytes: f.Bytes, SHA256: f.SHA256})
	}
	if _, err := manifest.Commit(ctx, st, e); err != nil {
		t.Fatal(err)
	}
}

// randomParent carries a random subset of the columns, some null.
func randomParent(rng *rand.Rand, id string) table.Object {
	obj := table.Object{"id": raw(id)}
	values := map[string]any{"name": fmt.Sprint("name", rng.IntN(100)), "n": rng.IntN(1000), "ok": rng.IntN(2) == 0,
		"tags": []string{fmt.Sprint("t", rng.IntN(5))}, "at": time.Unix(int64(rng.IntN(1e9)), 0).UTC().Format(time.RFC3339),
		"addr": map[string]string{"city": fmt.Sprint("city", rng.IntN(9))}}
	for name, v := range values {
		switch rng.IntN(3) {
		case 0: // absent: unchanged
		case 1:
			obj[name] = json.RawMessage("null")
		default:
			obj[name] = raw(v)
		}
	}
	return obj
}

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// foldState is sdk/lake's fold of every committed file of tb, without the
// rows of parents that are not live when parent is set.
func foldState(t *testing.T, st store.Store, tb table.Table, parent *table.Table) []map[string]any {
	t.Helper()
	fold := func(tb table.Table) *sdklake.State {
		s := sdklake.NewState(tb.Key...)
		entries, err := manifest.History(context.Background(), st)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(entries) - 1; i >= 0; i-- {
			for _, f := range entries[i].Files {
				if f.Table == tb.Name {
					if err := parquetin.ReadRows(context.Background(), st, []parquetin.File{parquetin.Recorded(f)}, s.Apply); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		return s
	}
	s := fold(tb)
	if parent != nil {
		if _, err := s.DropOrphans(fold(*parent), tb.Parent.Columns...); err != nil {
			t.Fatal(err)
		}
	}
	rows := s.Rows()
	for i := range rows {
		rows[i] = normal(rows[i]).(map[string]any)
	}
	return rows
}
