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
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// TestEveryRowOfANewLakeCarriesItsTenant syncs a lake with etl run (a
// snapshot by etl compact between rounds), reads back every Parquet file
// of it with DuckDB and checks that each row stores the pipeline's tenant
// id in _tenant; the change-log, current and history views, and etl show,
// give it, and etl verify checks the lake.
func TestEveryRowOfANewLakeCarriesItsTenant(t *testing.T) {
	l := newLake(t, graphtest.Options{Seed: 5, Users: 12, Groups: 3, MembersPerGroup: 4}, historySources)
	l.run()
	if _, err := l.srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "users", Updates: 3, Deletes: 2, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	l.run()
	l.etl("compact", l.pipeline)
	if _, err := l.srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "users", Creates: 2, Updates: 3, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	l.run()
	tenant := l.srv.TenantID()
	db := l.openDuckDB(l.sql())
	files := query(t, db, `SELECT filename, count(*) AS n, count(*) FILTER (WHERE _tenant = ?) AS stamped
		FROM read_parquet('**/*.parquet', filename = true, union_by_name = true) GROUP BY filename`, tenant)
	snapshots := 0
	for _, f := range files {
		if f["n"] != f["stamped"] {
			t.Errorf("%s: %v of %v rows store the tenant %s", f["filename"], f["stamped"], f["n"], tenant)
		}
		if strings.Contains(f["filename"].(string), "current/") {
			snapshots++
		}
	}
	if len(files) == 0 || snapshots == 0 {
		t.Fatalf("read %d files, %d of them snapshots: the test needs both", len(files), snapshots)
	}
	for _, view := range []string{"users", "users_current", "users_history", "group_members_current", "groups_history"} {
		got := query(t, db, "SELECT DISTINCT _tenant FROM "+view)
		if len(got) != 1 || got[0]["_tenant"] != tenant {
			t.Errorf("%s: _tenant is %v, want only %s", view, got, tenant)
		}
	}
	if out := l.etl("show", l.pipeline, "users", "--columns", "id,_tenant", "--limit", "1"); !strings.Contains(out, tenant) {
		t.Errorf("etl show --columns id,_tenant:\n%s\nwant the tenant %s", out, tenant)
	}
	l.etl("verify", l.pipeline) // every file's size and SHA-256 as its entry recorded them
}

// TestALakeWrittenBeforeTenantsStillReads writes rounds whose files have
// no _tenant (as hosts before it wrote them), compacts, writes rounds with
// it, and checks after each step that the DuckDB views read the lake (the
// current ones equal sdk/lake's fold) and that _tenant is the stored
// value, else the pipeline's tenant id, in the views; package current
// (etl show, the sweep, compaction) reads null for the old rows, and a
// snapshot keeps what the change log stored.
func TestALakeWrittenBeforeTenantsStillReads(t *testing.T) {
	const stored, fallback = "contoso.onmicrosoft.com", "contoso-pipeline-tenant"
	root := t.TempDir()
	st, err := store.NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := lakesql.FromSchemas([]*arrow.Schema{foldParent.Schema(), foldChild.Schema()})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(61, 5))
	check := func(step string, newFrom int64) {
		t.Helper()
		info, err := lakesql.Inspect(context.Background(), st, tables, lakesql.InspectOptions{FindUnwritten: true, Snapshots: true})
		if err != nil {
			t.Fatal(err)
		}
		info.Tenant = fallback
		var script strings.Builder
		if err := lakesql.DuckDB(&script, tables, info); err != nil {
			t.Fatal(err)
		}
		db := (&lake{t: t, root: root}).openDuckDB(script.String())
		want := map[string][]map[string]any{"p": foldState(t, st, foldParent, nil), "c": foldState(t, st, foldChild, &foldParent)}
		for name, key := range map[string][]string{"p": {"id"}, "c": {"pid", "id"}} {
			got := withoutMeta(sortBy(query(t, db, "SELECT * FROM "+name+"_current"), key...))
			if diff := cmp.Diff(want[name], got); diff != "" {
				t.Errorf("%s: %s_current differs from sdk/lake's fold (-fold +view):\n%s", step, name, diff)
			}
			for _, view := range []string{name, name + "_current"} {
				for _, r := range query(t, db, "SELECT _round, _tenant FROM "+view) {
					if want := tenantOfRound(r["_round"].(float64), newFrom, stored, fallback); r["_tenant"] != want {
						t.Fatalf("%s: a row of %s from round %v has _tenant %v, want %s", step, view, r["_round"], r["_tenant"], want)
					}
				}
			}
			for _, r := range query(t, db, "SELECT round_from, _tenant FROM "+name+"_history") {
				if want := tenantOfRound(r["round_from"].(float64), newFrom, stored, fallback); r["_tenant"] != want {
					t.Fatalf("%s: a version of %s_history from round %v has _tenant %v, want %s", step, name, r["round_from"], r["_tenant"], want)
				}
			}
		}
		latest, err := manifest.Latest(context.Background(), st)
		if err != nil {
			t.Fatal(err)
		}
		err = current.Scan(context.Background(), st, latest, "p", func(row map[string]any) error {
			var want any
			if row["_round"].(int64) >= newFrom {
				want = stored
			}
			if row["_tenant"] != want {
				return fmt.Errorf("row %v of round %v has _tenant %v, want %v", row["id"], row["_round"], row["_tenant"], want)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: package current: %v", step, err)
		}
	}
	never := int64(1 << 40)
	for round := int64(1); round <= 3; round++ {
		writeRandomRoundOf(t, st, rng, round, "")
	}
	check("a lake of files without _tenant", never)
	compact(t, st)
	check("a snapshot of files without _tenant", never)
	for round := int64(5); round <= 7; round++ { // round 4 was the compaction
		writeRandomRoundOf(t, st, rng, round, stored)
	}
	check("old files, a snapshot and new files", 5)
	compact(t, st)
	check("a snapshot of old and new rows", 5)
}

// tenantOfRound is the _tenant the views give a row of a round: the stored
// tenant from round newFrom, else the pipeline's.
func tenantOfRound(round float64, newFrom int64, stored, fallback string) string {
	if int64(round) >= newFrom {
		return stored
	}
	return fallback
}

// compact commits a compaction of the lake, as etl compact does, with a
// run id shaped as etl's are (lower-case hex): etl sql refuses snapshot
// files named otherwise.
func compact(t *testing.T, st store.Store) {
	t.Helper()
	if _, err := current.CommitCompaction(context.Background(), st, current.CommitOptions{Pipeline: "fold", RunID: "5a9"}); err != nil {
		t.Fatal(err)
	}
}
