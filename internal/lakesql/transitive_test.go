package lakesql

import (
	"strings"
	"testing"

	"github.com/graphlake/graphlake/plugins/directory"
	"github.com/graphlake/graphlake/plugins/groups"
	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk"
)

// TestTheRoleViewNeedsRoleAndGroupMemberships: directory_role_members_
// transitive follows role members into group_members, so a lake gets it
// only with both tables' views, in both dialects and in a union.
func TestTheRoleViewNeedsRoleAndGroupMemberships(t *testing.T) {
	const view = `VIEW "directory_role_members_transitive"`
	tests := []struct {
		name      string
		sources   []sdk.Source
		unwritten map[string]bool
		want      bool
	}{
		{"roles and groups give the view", []sdk.Source{groups.New(), directory.New()}, nil, true},
		{"roles without groups give none", []sdk.Source{users.New(), directory.New()}, nil, false},
		{"groups without roles give none", []sdk.Source{groups.New()}, nil, false},
		{"group_members without a file yet gives none", []sdk.Source{groups.New(), directory.New()}, map[string]bool{"group_members": true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tables, _ := tablesOf(t, tt.sources...)
			lake := fixtureLake(&S3{Bucket: "b"})
			lake.Unwritten = tt.unwritten
			var duck, athena, union strings.Builder
			if err := DuckDB(&duck, tables, lake); err != nil {
				t.Fatal(err)
			}
			if err := Union(&union, "duckdb", []Part{{Tables: tables, Lake: lake, Tenant: "t"}}); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(duck.String(), view); got != tt.want {
				t.Errorf("DuckDB has the view: %v, want %v", got, tt.want)
			}
			if got := strings.Contains(union.String(), `CREATE OR REPLACE VIEW "directory_role_members_transitive"`); got != tt.want {
				t.Errorf("the union has the view: %v, want %v", got, tt.want)
			}
			if tt.unwritten != nil {
				return // Athena reads empty folders: no table is skipped
			}
			if err := Athena(&athena, tables, lake); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(athena.String(), view); got != tt.want {
				t.Errorf("Athena has the view: %v, want %v", got, tt.want)
			}
		})
	}
}
