package graphtest_test

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// TestDirectoryObjectsAreATenantsMix: with Options.Directory the emulator
// serves the directory objects at their sizes, each service principal of
// an application carrying its appId, grants naming live service principals
// and users, roles and units with members of their targets' types, and no
// credential with a secret or key value.
func TestDirectoryObjectsAreATenantsMix(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 30, Groups: 60, MembersPerGroup: 3,
		Directory: &graphtest.DirectoryObjects{Applications: 12, ServicePrincipals: 40, Devices: 25, DirectoryRoles: 31,
			AdministrativeUnits: 5, OAuth2PermissionGrants: 20}})
	c := newClient(t, srv)
	want := []string{"users", "groups", "group_members", "group_owners", "org_contacts", "applications", "service_principals",
		"devices", "directory_roles", "directory_role_members", "administrative_units", "administrative_unit_members",
		"oauth2_permission_grants", "mail_folders", "messages", "contact_folders", "personal_contacts"}
	if diff := cmp.Diff(want, srv.Tenant().Tables()); diff != "" {
		t.Fatalf("Tables() (-want +got):\n%s", diff)
	}
	for table, n := range map[string]int{"applications": 12, "service_principals": 40, "devices": 25, "directory_roles": 31,
		"administrative_units": 5, "oauth2_permission_grants": 20} {
		if got := len(c.state(table)); got != n {
			t.Errorf("%s holds %d objects, want %d", table, got, n)
		}
	}
	apps := map[any]bool{}
	for _, a := range c.state("applications") {
		apps[a["appId"]] = true
	}
	spIDs, spTypes, own := map[any]bool{}, map[any]int{}, 0
	for _, sp := range c.state("service_principals") {
		spIDs[sp["id"]] = true
		spTypes[sp["servicePrincipalType"]]++
		if apps[sp["appId"]] {
			own++
		}
	}
	if own != 12 || spTypes["ManagedIdentity"] == 0 || spTypes["Application"] < 20 {
		t.Errorf("%d service principals of the 12 applications, types %v; want one per application, apps and managed identities", own, spTypes)
	}
	users := map[any]bool{}
	for _, u := range c.state("users") {
		users[u["id"]] = true
	}
	consent := map[any]int{}
	for _, g := range c.state("oauth2_permission_grants") {
		consent[g["consentType"]]++
		if !spIDs[g["clientId"]] || !spIDs[g["resourceId"]] || (g["consentType"] == "Principal") != users[g["principalId"]] {
			t.Errorf("grant %v: want client and resource service principals, and a user for consent type Principal only", g)
		}
	}
	if consent["Principal"] == 0 || consent["AllPrincipals"] == 0 {
		t.Errorf("grants by consent type %v; want both", consent)
	}
	for table, kinds := range map[string]string{"directory_role_members": "group servicePrincipal user", "administrative_unit_members": "device group user"} {
		seen := map[string]bool{}
		for _, m := range c.state(table) {
			seen[m["memberType"].(string)] = true
		}
		if got := strings.Join(slices.Sorted(maps.Keys(seen)), " "); got != kinds {
			t.Errorf("%s has members of types %q, want %q", table, got, kinds)
		}
	}
	items, _, _ := c.round(srv.GraphURL() + "/servicePrincipals/delta?$select=keyCredentials,passwordCredentials")
	raw, _ := json.Marshal(items)
	for _, secret := range []string{`"secretText"`, `"key"`} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("service principals' credentials carry %s; Graph never returns secret or key values", secret)
		}
	}
}

// TestARefMustBeAStringOfAKnownResource: a reference property of another
// kind, or to a resource nobody registered, is refused.
func TestARefMustBeAStringOfAKnownResource(t *testing.T) {
	for _, tc := range []struct {
		name string
		ref  graphtest.Property
		want string
	}{
		{"a number", graphtest.Property{Name: "ownerId", Kind: graphtest.Number, Ref: []string{"users"}}, "a Ref holds an id: want Kind graphtest.String"},
		{"to nothing", graphtest.Property{Name: "ownerId", Kind: graphtest.String, Ref: []string{"printers"}}, `ownerId: no resource "printers"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := graphtest.Resource{Path: "things", Type: "thing", Count: 1, Properties: []graphtest.Property{tc.ref},
				Generate: func(*rand.Rand, int) map[string]any { return map[string]any{} }}
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
