package duckdb

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// directoryKeys are the keys of the directory plugin's tables.
var directoryKeys = map[string][]string{"applications": {"id"}, "service_principals": {"id"}, "devices": {"id"},
	"directory_roles": {"id"}, "directory_role_members": {"directoryRoleId", "memberId"}, "administrative_units": {"id"},
	"administrative_unit_members": {"administrativeUnitId", "memberId"}, "oauth2_permission_grants": {"id"}}

// TestDirectoryCurrentViewsMatchTheEmulator: the DuckDB current views of
// the directory plugin's tables (lists of structs, child tables of roles
// and units) equal the emulator's truth round after round of churn,
// deletions and restores included.
func TestDirectoryCurrentViewsMatchTheEmulator(t *testing.T) {
	l := newLake(t, graphtest.Options{Seed: 92, Users: 30, Groups: 4, MembersPerGroup: 4, DirectoryPageSize: 25, LinksPerPage: 10,
		Directory: &graphtest.DirectoryObjects{Applications: 20, ServicePrincipals: 80, Devices: 30, DirectoryRoles: 12,
			AdministrativeUnits: 6, OAuth2PermissionGrants: 30}}, `  source "directory" {}`)
	paths := []string{"applications", "servicePrincipals", "devices", "directoryRoles", "administrativeUnits", "oauth2PermissionGrants"}
	for round := 1; round <= 3; round++ {
		l.run()
		db := l.openDuckDB(l.sql("--snapshot", "none"))
		for table, key := range directoryKeys {
			var want []map[string]any
			for _, row := range sdktest.Truth(t, l.srv, table) {
				want = append(want, normal(row).(map[string]any))
			}
			got := withoutMeta(sortBy(query(t, db, "SELECT * FROM "+table+"_current"), key...))
			if diff := cmp.Diff(sortBy(want, key...), got); diff != "" {
				t.Fatalf("after round %d %s_current differs from the emulator (-emulator +view):\n%s", round, table, diff)
			}
		}
		members := 8
		for _, path := range paths {
			spec := graphtest.ChurnSpec{Resource: path, Creates: 2, Updates: 5, Deletes: 3, Restores: 2 * (round - 1), Members: &members, Seed: int64(round)}
			if _, err := l.srv.Tenant().Churn(spec); err != nil {
				t.Fatalf("churn %s: %v", path, err)
			}
		}
	}
}
