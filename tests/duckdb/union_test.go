package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/lakesql"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/table"
)

// TestUnionViewsAnswerAcrossTenants writes two lakes of random changes in
// folders of their own (one of files without _tenant, one of files that
// store it), generates the SQL of both with their union views, runs it in
// one DuckDB from a third folder, and checks that every union view holds
// each lake's rows tagged with its tenant.
func TestUnionViewsAnswerAcrossTenants(t *testing.T) {
	tables, err := lakesql.FromSchemas([]*arrow.Schema{foldParent.Schema(), foldChild.Schema()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tenants := []string{"contoso.onmicrosoft.com", "fabrikam.onmicrosoft.com"}
	var parts []lakesql.Part
	stores := map[string]store.Store{}
	for i, tenant := range tenants {
		root := t.TempDir()
		st, err := store.NewLocal(root)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(uint64(i+40), 3))
		for round := int64(1); round <= 4; round++ {
			stored := "" // the first lake's files predate _tenant, the second's store it
			if i == 1 {
				stored = tenant
			}
			writeRandomRoundOf(t, st, rng, round, stored)
		}
		lake, err := lakesql.Inspect(ctx, st, tables, lakesql.InspectOptions{FindUnwritten: true})
		if err != nil {
			t.Fatal(err)
		}
		lake.Pipeline, lake.Root = fmt.Sprint("tenant", i), root
		parts = append(parts, lakesql.Part{Tables: tables, Lake: lake, Tenant: tenant})
		stores[tenant] = st
	}
	var script strings.Builder
	if err := lakesql.Union(&script, "duckdb", parts); err != nil {
		t.Fatal(err)
	}
	l := &lake{t: t, root: t.TempDir()} // elsewhere: the paths are absolute
	db := l.openDuckDB(script.String())
	for name, tb := range map[string]table.Table{"p": foldParent, "c": foldChild} {
		for _, tenant := range tenants {
			want := foldUpTo(t, stores[tenant], tb, 4)
			views := map[string][]map[string]any{
				name + "_current": tenantRows(t, db, "SELECT * FROM "+name+"_current", tenant),
				name + "_history": historyRows(t, db, "SELECT * EXCLUDE (_tenant) FROM "+name+"_history WHERE round_to IS NULL AND _tenant = '"+tenant+"'", ""),
			}
			for view, got := range views {
				got = sortBy(got, tb.Key...)
				if len(want) == 0 && len(got) == 0 {
					continue
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("union view %s, tenant %s, differs from its lake's fold (-fold +view):\n%s", view, tenant, diff)
				}
			}
		}
	}
	rounds := query(t, db, `SELECT _tenant, count(*) AS n FROM graphlake_rounds GROUP BY _tenant ORDER BY _tenant`)
	if len(rounds) != 2 || rounds[0]["n"] != 4.0 || rounds[1]["n"] != 4.0 {
		t.Errorf("graphlake_rounds counts %v, want 4 rounds of each tenant", rounds)
	}
}

// tenantRows are a union view's rows of one tenant, without meta columns.
func tenantRows(t *testing.T, db *sql.DB, q, tenant string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range query(t, db, q) {
		if r["_tenant"] == tenant {
			out = append(out, r)
		}
	}
	return withoutMeta(out)
}
