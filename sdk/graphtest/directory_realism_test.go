package graphtest_test

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// directoryTenant starts an emulator with every directory object, enough
// security groups for some to be role-assignable.
func directoryTenant(t *testing.T) (*graphtest.Server, *client) {
	t.Helper()
	srv := graphtest.Start(t, graphtest.Options{Seed: 11, Users: 30, Groups: 60, MembersPerGroup: 3,
		Directory: &graphtest.DirectoryObjects{Applications: 10, ServicePrincipals: 30, Devices: 5, DirectoryRoles: 12,
			AdministrativeUnits: 3, OAuth2PermissionGrants: 10}})
	return srv, newClient(t, srv)
}

// TestDirectoryRolesAreNeverDeleted: Graph has no delete for an activated
// directory role, so churn deletes none, whatever its spec asks, and the
// Tenant and the admin API refuse.
func TestDirectoryRolesAreNeverDeleted(t *testing.T) {
	srv, c := directoryTenant(t)
	res, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "directoryRoles", Updates: 2, Deletes: 5, Restores: 2, Seed: 3})
	if err != nil {
		t.Fatalf("churn directoryRoles: %v", err)
	}
	if len(res.Deleted) != 0 || len(c.state("directory_roles")) != 12 {
		t.Errorf("churn deleted roles %v, leaving %d of 12; Graph has no delete for a role", res.Deleted, len(c.state("directory_roles")))
	}
	id := c.state("directory_roles")[0]["id"].(string)
	if err := srv.Tenant().Delete("directoryRoles", id, false); err == nil {
		t.Error("Tenant.Delete deleted a directory role; want an error")
	}
	var reply map[string]string
	if code := c.admin(http.MethodDelete, "/directoryRoles/"+id+"?hard=true", nil, &reply); code != http.StatusBadRequest {
		t.Errorf("DELETE /_admin/directoryRoles/{id} = %d %v, want 400", code, reply)
	}
	if n := len(c.state("directory_roles")); n != 12 {
		t.Errorf("%d roles after the refused deletes, want 12", n)
	}
}

// TestDirectoryRoleMembersAreWhatGraphAllows: a role's members are users,
// service principals and role-assignable groups only, when generated, when
// churned and when the admin API adds one.
func TestDirectoryRoleMembersAreWhatGraphAllows(t *testing.T) {
	srv, c := directoryTenant(t)
	members := 200
	if _, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "directoryRoles", Members: &members, Seed: 5}); err != nil {
		t.Fatalf("churn directoryRoles: %v", err)
	}
	assignable := map[any]bool{}
	var plain, roleGroup string
	for _, g := range c.state("groups") {
		if assignable[g["id"]] = g["isAssignableToRole"] == true; assignable[g["id"]] {
			roleGroup = g["id"].(string)
		} else {
			plain = g["id"].(string)
		}
	}
	groups := 0
	for _, m := range c.state("directory_role_members") {
		switch m["memberType"] {
		case "group":
			groups++
			if !assignable[m["memberId"]] {
				t.Errorf("role %v has group %v, which is not role-assignable; Graph refuses it", m["directoryRoleId"], m["memberId"])
			}
		case "user", "servicePrincipal":
		default:
			t.Errorf("role %v has a member of type %v; Graph allows users, service principals and role-assignable groups", m["directoryRoleId"], m["memberType"])
		}
	}
	if groups == 0 || plain == "" || roleGroup == "" {
		t.Fatalf("%d group members, plain group %q, role-assignable group %q: the test would prove nothing", groups, plain, roleGroup)
	}
	role := c.state("directory_roles")[0]["id"].(string)
	for _, tc := range []struct {
		group string
		want  int
	}{{plain, http.StatusBadRequest}, {roleGroup, http.StatusNoContent}} {
		var reply map[string]string
		if code := c.admin(http.MethodPost, "/directoryRoles/"+role+"/members", map[string]string{"id": tc.group}, &reply); code != tc.want {
			t.Errorf("adding group %s (role-assignable %v) to a role = %d %v, want %d", tc.group, assignable[tc.group], code, reply, tc.want)
		}
	}
}

// TestDeletingAnApplicationDeletesItsServicePrincipal: deleting an
// application deletes its service principal in its home tenant, softly
// (reported "changed", restorable), even when the application is deleted
// for good; restoring the application does not restore it; other service
// principals stay.
func TestDeletingAnApplicationDeletesItsServicePrincipal(t *testing.T) {
	for _, tc := range []struct {
		name string
		hard bool
	}{{"soft", false}, {"for good", true}} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := directoryTenant(t)
			app := c.state("applications")[0]
			var sp string
			for _, s := range c.state("service_principals") {
				if s["appId"] == app["appId"] {
					sp = s["id"].(string)
				}
			}
			if sp == "" {
				t.Fatalf("no service principal with the application's appId %v", app["appId"])
			}
			_, link, _ := c.round(srv.GraphURL() + "/servicePrincipals/delta?$select=appId")
			if err := srv.Tenant().Delete("applications", app["id"].(string), tc.hard); err != nil {
				t.Fatalf("delete the application: %v", err)
			}
			items, _, _ := c.round(link)
			if len(items) != 1 || items[0]["id"] != sp || !removedAs(items[0], "changed") {
				t.Fatalf("service principals' delta after the application's delete: %v; want only %s removed as changed", items, sp)
			}
			if len(c.state("service_principals")) != 29 {
				t.Errorf("%d service principals left, want 29", len(c.state("service_principals")))
			}
			if !tc.hard {
				if err := srv.Tenant().Restore("applications", app["id"].(string)); err != nil {
					t.Fatalf("restore the application: %v", err)
				}
				for _, s := range c.state("service_principals") {
					if s["id"] == sp {
						t.Error("restoring the application restored its service principal; Graph does not")
					}
				}
			}
			if err := srv.Tenant().Restore("servicePrincipals", sp); err != nil {
				t.Errorf("restore the service principal: %v; it was soft-deleted", err)
			}
		})
	}
}

// removedAs reports whether a delta item is a removal with that reason.
func removedAs(item map[string]any, reason string) bool {
	r, ok := item["@removed"].(map[string]any)
	return ok && r["reason"] == reason
}

// TestARuleMustFitItsDeclaration: a TargetsIf on a resource that is not a
// target, NoDelete with soft deletes or dependents, and a dependent
// without a path, a property or a registered resource are refused.
func TestARuleMustFitItsDeclaration(t *testing.T) {
	gen := func(*rand.Rand, int) map[string]any { return map[string]any{} }
	key := []graphtest.Property{{Name: "appId", Kind: graphtest.String}}
	link := graphtest.Link{Name: "members", Targets: []string{"users"}, Table: "thing_members", Parent: "thingId", Target: "memberId",
		TargetsIf: map[string]string{"groups": "isAssignableToRole"}}
	for _, tc := range []struct {
		name string
		r    graphtest.Resource
		want string
	}{
		{"TargetsIf off the targets", graphtest.Resource{Links: []graphtest.Link{link}}, `TargetsIf names "groups"`},
		{"NoDelete and SoftDelete", graphtest.Resource{NoDelete: true, SoftDelete: true}, "NoDelete with SoftDelete or Dependents"},
		{"a dependent without Match", graphtest.Resource{Dependents: []graphtest.Dependent{{Path: "users"}}}, "want a Path and a Match property"},
		{"a dependent of nothing", graphtest.Resource{Properties: key, Dependents: []graphtest.Dependent{{Path: "printers", Match: "appId"}}}, `dependent resource "printers" is not registered`},
		{"a dependent without the property", graphtest.Resource{Properties: key, Dependents: []graphtest.Dependent{{Path: "users", Match: "appId"}}}, `match on "appId", which both must have`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			r.Path, r.Type, r.Count, r.Generate = "things", "thing", 1, gen
			srv, err := graphtest.NewServer(graphtest.Options{Seed: 1, Users: 2, Resources: []graphtest.Resource{r}})
			if err == nil {
				_ = srv.Close()
				t.Fatalf("NewServer accepted the declaration; want an error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q; want it to contain %q", err, tc.want)
			}
		})
	}
}
