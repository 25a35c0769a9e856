package duckdb

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/lakesql"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/store"
	sdklake "github.com/graphlake/graphlake/sdk/lake"
	"github.com/graphlake/graphlake/sdk/table"
)

// TestHistoryViewsFoldLikeTheReferenceAtEveryRound writes random change
// logs (partial rows, nulls, deletions and re-creations of parents and
// children, children written while their parent is not live) and checks,
// for every round N, that the versions the history views hold open at N
// are sdk/lake's fold of the rounds up to N, with the parent rule; and
// that the current views of SQL pinned to a past round are that fold too.
func TestHistoryViewsFoldLikeTheReferenceAtEveryRound(t *testing.T) {
	const rounds = 6
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			root := t.TempDir()
			st, err := store.NewLocal(root)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(seed, 29))
			for round := int64(1); round <= rounds; round++ {
				writeRandomRound(t, st, rng, round)
			}
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
			for _, n := range []int64{3} { // the current views pinned to a past round are the fold up to it
				pinned, err := lakesql.Inspect(context.Background(), st, tables, lakesql.InspectOptions{FindUnwritten: true, AsOf: &current.AsOf{Round: n}})
				if err != nil {
					t.Fatal(err)
				}
				var script strings.Builder
				if err := lakesql.DuckDB(&script, tables, pinned); err != nil {
					t.Fatal(err)
				}
				pdb := l.openDuckDB(script.String())
				for name, tb := range map[string]table.Table{"p": foldParent, "c": foldChild} {
					want := foldUpTo(t, st, tb, n)
					got := withoutMeta(sortBy(query(t, pdb, "SELECT * FROM "+name+"_current"), tb.Key...))
					if len(want) == 0 && len(got) == 0 {
						continue
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s_current as of round %d differs from sdk/lake's fold of rounds 1 to %d (-fold +view):\n%s", name, n, n, diff)
					}
				}
			}
			for name, key := range map[string][]string{"p": {"id"}, "c": {"pid", "id"}} {
				if _, err := db.Exec(fmt.Sprintf(`CREATE TEMP TABLE h_%s AS SELECT * FROM %s_history`, name, name)); err != nil {
					t.Fatal(err)
				}
				for n := int64(1); n <= rounds; n++ {
					want := foldUpTo(t, st, map[string]table.Table{"p": foldParent, "c": foldChild}[name], n)
					got := historyRows(t, db, fmt.Sprintf(`SELECT * FROM h_%s WHERE round_from <= %d AND (round_to IS NULL OR round_to > %d)`, name, n, n), "")
					got = sortBy(got, key...)
					if len(want) == 0 && len(got) == 0 {
						continue
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s_history open at round %d differs from sdk/lake's fold of rounds 1 to %d (-fold +history):\n%s", name, n, n, diff)
					}
				}
			}
		})
	}
}

// foldUpTo is sdk/lake's fold of tb's files of rounds up to n, a child
// without the rows whose parent is not live.
func foldUpTo(t *testing.T, st store.Store, tb table.Table, n int64) []map[string]any {
	t.Helper()
	fold := func(tb table.Table) *sdklake.State {
		s := sdklake.NewState(tb.Key...)
		entries, err := manifest.History(context.Background(), st)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(entries) - 1; i >= 0; i-- {
			if entries[i].Round > n {
				continue
			}
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
	if tb.Parent != nil {
		if _, err := s.DropOrphans(fold(foldParent), tb.Parent.Columns...); err != nil {
			t.Fatal(err)
		}
	}
	rows := s.Rows()
	for i := range rows {
		rows[i] = normal(rows[i]).(map[string]any)
	}
	return sortBy(rows, tb.Key...)
}
