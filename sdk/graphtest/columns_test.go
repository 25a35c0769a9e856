package graphtest_test

import (
	"encoding/json"
	"testing"

	"github.com/graphlake/graphlake/plugins/contacts"
	"github.com/graphlake/graphlake/plugins/groups"
	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
	"github.com/graphlake/graphlake/sdk/table"
)

// setOnce are the columns Graph sets when an object is created and never
// changes afterwards: churn must generate them but leaves them alone.
var setOnce = map[string]bool{"createdDateTime": true, "securityIdentifier": true, "isAssignableToRole": true}

// TestEveryDeclaredColumnIsGeneratedAndChurned holds the emulator to the
// plugins: every column the users, groups and contacts sources declare
// must be filled for some generated object and, unless Graph never changes
// it, be changed by churn for some object. A column the emulator never
// fills would be compared as null against null by every end-to-end test,
// and prove nothing.
func TestEveryDeclaredColumnIsGeneratedAndChurned(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 5, Users: 200, Groups: 80, MembersPerGroup: 2, Contacts: 150})
	for _, tc := range []struct {
		table    table.Table
		resource string
	}{
		{users.Table(), "users"},
		{groups.Table(), "groups"},
		{contacts.Table(), "contacts"},
	} {
		t.Run(tc.table.Name, func(t *testing.T) {
			before := byID(sdktest.Truth(t, srv, tc.table.Name, "id"))
			for seed := int64(1); seed <= 3; seed++ {
				spec := graphtest.ChurnSpec{Resource: tc.resource, Updates: 150, Members: new(int), Seed: seed}
				if _, err := srv.Tenant().Churn(spec); err != nil {
					t.Fatal(err)
				}
			}
			after := byID(sdktest.Truth(t, srv, tc.table.Name, "id"))
			for _, col := range tc.table.Columns {
				if col.Name == "id" {
					continue
				}
				generated, changed := false, false
				for id, row := range before {
					generated = generated || row[col.Name] != nil
					if now, ok := after[id]; ok && jsonOf(t, now[col.Name]) != jsonOf(t, row[col.Name]) {
						changed = true
					}
				}
				if !generated {
					t.Errorf("%s declares column %s, which the emulator never generates", tc.table.Name, col.Name)
				}
				if !changed && !setOnce[col.Name] {
					t.Errorf("%s declares column %s, which churn never changes", tc.table.Name, col.Name)
				}
			}
		})
	}
}

func byID(rows []map[string]any) map[string]map[string]any {
	out := make(map[string]map[string]any, len(rows))
	for _, row := range rows {
		out[row["id"].(string)] = row
	}
	return out
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
