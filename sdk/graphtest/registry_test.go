package graphtest_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// devices is a resource a test registers: properties of every kind, one
// not returned by default, one fixed, and a relationship to users.
func devices(count int, soft bool) graphtest.Resource {
	return graphtest.Resource{Path: "devices", Type: "device", Table: "devices", Count: count, SoftDelete: soft,
		Properties: []graphtest.Property{
			{Name: "displayName", Kind: graphtest.String, Default: true},
			{Name: "accountEnabled", Kind: graphtest.Bool, Default: true},
			{Name: "registrationDateTime", Kind: graphtest.String, Default: true, Fixed: true},
			{Name: "alternativeSecurityIds", Kind: graphtest.Array, Default: true},
			{Name: "deviceVersion", Kind: graphtest.Number, Default: true},
			{Name: "extensionAttributes", Kind: graphtest.Object},
		},
		Links: []graphtest.Link{{Name: "registeredOwners", Default: true, Targets: []string{"users", "groups"}, PerObject: 3,
			Table: "device_owners", Parent: "deviceId", Target: "ownerId", TargetType: "ownerType"}},
		Generate: func(rng *rand.Rand, i int) map[string]any {
			return map[string]any{"displayName": fmt.Sprintf("DESKTOP-%04d", i), "accountEnabled": rng.IntN(5) != 0,
				"registrationDateTime":   fmt.Sprintf("2025-%02d-01T00:00:00Z", 1+rng.IntN(12)),
				"alternativeSecurityIds": []map[string]any{{"type": 2, "key": fmt.Sprintf("k%d", rng.IntN(1000))}},
				"deviceVersion":          rng.IntN(3), "extensionAttributes": map[string]any{"extensionAttribute1": fmt.Sprint(i)}}
		}}
}

// replicaOf folds delta rounds of devices: objects by id and owner links.
type replicaOf struct {
	objects map[string]map[string]any
	owners  map[[2]string]string
}

func (r *replicaOf) apply(items []map[string]any) {
	for _, it := range items {
		id := it["id"].(string)
		if removed(it) != "" {
			delete(r.objects, id)
			continue
		}
		obj := map[string]any{}
		for k, v := range it {
			if k != "registeredOwners@delta" && k[0] != '@' {
				obj[k] = v
			}
		}
		r.objects[id] = obj
		for _, l := range asList(it["registeredOwners@delta"]) {
			link := l.(map[string]any)
			key := [2]string{id, link["id"].(string)}
			if removed(link) != "" {
				delete(r.owners, key)
			} else {
				r.owners[key] = strings.TrimPrefix(link["@odata.type"].(string), "#microsoft.graph.")
			}
		}
	}
}

// links returns the owner links of live objects as the truth writes them.
func (r *replicaOf) links() []map[string]any {
	var out []map[string]any
	for k, typ := range r.owners {
		if _, live := r.objects[k[0]]; live {
			out = append(out, map[string]any{"deviceId": k[0], "ownerId": k[1], "ownerType": typ})
		}
	}
	return sortedLinks(out)
}

// sortedLinks sorts owner links by device and owner.
func sortedLinks(rows []map[string]any) []map[string]any {
	sort.Slice(rows, func(i, j int) bool {
		return fmt.Sprint(rows[i]["deviceId"], rows[i]["ownerId"]) < fmt.Sprint(rows[j]["deviceId"], rows[j]["ownerId"])
	})
	return rows
}

// TestARegisteredResourceConvergesUnderChurn: a registered resource is
// served like the built-in ones, and a client folding its rounds holds
// the truth (objects and relationship) after each churn.
func TestARegisteredResourceConvergesUnderChurn(t *testing.T) {
	for _, soft := range []bool{false, true} {
		t.Run(fmt.Sprintf("soft delete %v", soft), func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 20, Groups: 6, DirectoryPageSize: 7, LinksPerPage: 5,
				Resources: []graphtest.Resource{devices(30, soft)}})
			c := newClient(t, srv)
			rep := &replicaOf{objects: map[string]map[string]any{}, owners: map[[2]string]string{}}
			items, link, pages := c.round(srv.GraphURL() + "/devices/delta?$select=displayName,accountEnabled,registrationDateTime,alternativeSecurityIds,deviceVersion,extensionAttributes,registeredOwners")
			if len(items) < 30 || pages < 5 {
				t.Fatalf("the first round returned %d items in %d pages; want the 30 devices in pages of 7", len(items), pages)
			}
			rep.apply(items)
			types := map[string]int{}
			for _, typ := range rep.owners {
				types[typ]++
			}
			if types["user"] == 0 || types["group"] == 0 {
				t.Errorf("owners by type %v; want users and groups, the relationship's targets", types)
			}
			for i, spec := range []graphtest.ChurnSpec{
				{Resource: "devices", Creates: 4, Updates: 8, Deletes: 6, Seed: 1},
				{Resource: "devices", Creates: 1, Updates: 3, Deletes: 2, Restores: 3, Members: intPtr(10), Seed: 2},
			} {
				res, err := srv.Tenant().Churn(spec)
				if err != nil || len(res.Created) != spec.Creates || len(res.Deleted) != spec.Deletes {
					t.Fatalf("churn %d: %+v, %v", i, res, err)
				}
				if soft && spec.Restores > 0 && len(res.Restored) == 0 {
					t.Errorf("churn %d restored nothing; want soft-deleted devices restored", i)
				}
				if !soft && len(res.Restored) != 0 {
					t.Errorf("churn %d restored %v; a resource that deletes for good has nothing to restore", i, res.Restored)
				}
				items, link, _ = c.round(link)
				for _, it := range items {
					if r := removed(it); r != "" && soft != (r == "changed") && !(soft && r == "deleted") {
						t.Errorf("device %v removed with reason %q (soft delete %v)", it["id"], r, soft)
					}
				}
				rep.apply(items)
				compareObjects(t, "devices", rep.objects, c.state("devices"), []string{"displayName", "accountEnabled",
					"registrationDateTime", "alternativeSecurityIds", "deviceVersion", "extensionAttributes"})
				if diff := cmp.Diff(sortedLinks(c.state("device_owners")), rep.links()); diff != "" {
					t.Errorf("after churn %d the replica's owners differ from the truth (-truth +replica):\n%s", i, diff)
				}
			}
		})
	}
}

// TestARegisteredResourceAnswersAsGraph: $select, default properties,
// errors with the resource's type, the admin API, and a path nobody
// registered.
func TestARegisteredResourceAnswersAsGraph(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 4, Users: 5, Resources: []graphtest.Resource{devices(3, true)}})
	c := newClient(t, srv)
	want := []string{"users", "groups", "group_members", "group_owners", "org_contacts", "devices", "device_owners", "mail_folders", "messages", "contact_folders", "personal_contacts"}
	if diff := cmp.Diff(want, srv.Tenant().Tables()); diff != "" {
		t.Errorf("Tables() (-want +got):\n%s", diff)
	}
	items, _, _ := c.round(srv.GraphURL() + "/Devices/delta()")
	if len(items) != 3 || items[0]["extensionAttributes"] != nil || items[0]["displayName"] == nil {
		t.Errorf("a round without $select returned %v; want 3 devices with the default properties only", items)
	}
	if items, _, _ = c.round(srv.GraphURL() + "/devices/delta?$select=extensionAttributes"); len(keys(items[0])) != 2 {
		t.Errorf("$select=extensionAttributes returned %v; want the id and that property", items[0])
	}
	for _, tc := range []struct{ path, want string }{
		{"/devices/delta?$select=noSuch", "Could not find a property named 'noSuch' on type 'Microsoft.DirectoryServices.Device'."},
		{"/applications/delta", "Resource not found for the segment 'delta'."},
	} {
		if r := c.get(srv.GraphURL() + tc.path); r.status != 400 || r.err.Error.Message != tc.want {
			t.Errorf("GET %s: %d %q; want 400 %q", tc.path, r.status, r.err.Error.Message, tc.want)
		}
	}
	var created struct{ ID string }
	if st := c.admin("POST", "/devices", map[string]any{"displayName": "KIOSK-1"}, &created); st != 201 || created.ID == "" {
		t.Fatalf("POST /_admin/devices: %d %+v", st, created)
	}
	user := c.state("users")[0]["id"].(string)
	for _, step := range []struct {
		method, path string
		body         any
		want         int
	}{
		{"POST", "/devices/" + created.ID + "/registeredOwners", map[string]string{"id": user}, 204},
		{"DELETE", "/devices/" + created.ID, nil, 204},
		{"POST", "/devices/" + created.ID + "/restore", nil, 204},
		{"DELETE", "/devices/" + created.ID + "/registeredOwners/" + user, nil, 204},
		{"POST", "/churn", map[string]any{"resource": "devices", "updates": 2, "seed": 1}, 200},
	} {
		if st := c.admin(step.method, step.path, step.body, nil); st != step.want {
			t.Errorf("%s /_admin%s: %d, want %d", step.method, step.path, st, step.want)
		}
	}
	found := false
	for _, row := range c.state("devices") {
		found = found || row["id"] == created.ID && row["displayName"] == "KIOSK-1"
	}
	if !found {
		t.Errorf("the truth has no KIOSK-1 %s after it was created, deleted and restored", created.ID)
	}
}

// TestAUserDeletedForGoodLeavesRegisteredRelationships: a target deleted
// for good is removed from a registered resource's relationship, as from
// a group's members.
func TestAUserDeletedForGoodLeavesRegisteredRelationships(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 5, Users: 4, Resources: []graphtest.Resource{devices(10, false)}})
	c := newClient(t, srv)
	victim := ""
	for _, row := range c.state("device_owners") {
		if row["ownerType"] == "user" {
			victim = row["ownerId"].(string)
			break
		}
	}
	if victim == "" {
		t.Fatal("no device has a user as owner")
	}
	if err := srv.Tenant().Delete("users", victim, true); err != nil {
		t.Fatal(err)
	}
	for _, row := range c.state("device_owners") {
		if row["ownerId"] == victim {
			t.Errorf("user %s, deleted for good, still owns device %s", victim, row["deviceId"])
		}
	}
}

// TestDeclarationMistakesAreErrors: NewServer refuses a declaration it
// cannot serve, naming the resource and the fix.
func TestDeclarationMistakesAreErrors(t *testing.T) {
	bad := func(change func(*graphtest.Resource)) []graphtest.Resource {
		r := devices(2, false)
		change(&r)
		return []graphtest.Resource{r}
	}
	for _, tc := range []struct {
		name      string
		resources []graphtest.Resource
		want      string
	}{
		{"a path taken by a built-in resource", bad(func(r *graphtest.Resource) { r.Path = "Users" }), `the name "Users" is taken`},
		{"a table taken by a built-in resource", bad(func(r *graphtest.Resource) { r.Table = "org_contacts" }), `the name "org_contacts" is taken`},
		{"a path of two segments", bad(func(r *graphtest.Resource) { r.Path = "devices/x" }), "want one path segment"},
		{"no type", bad(func(r *graphtest.Resource) { r.Type = "" }), "no Type"},
		{"no generator", bad(func(r *graphtest.Resource) { r.Generate = nil }), "no Generate"},
		{"a property without a kind", bad(func(r *graphtest.Resource) { r.Properties[0].Kind = 0 }), `property "displayName": want a name of its own`},
		{"a link to nothing", bad(func(r *graphtest.Resource) { r.Links[0].Targets = []string{"users", "printers"} }), `no resource "printers" to link to`},
		{"a value of another kind", bad(func(r *graphtest.Resource) {
			gen := r.Generate
			r.Generate = func(rng *rand.Rand, i int) map[string]any {
				v := gen(rng, i)
				v["accountEnabled"] = "yes"
				return v
			}
		}), `property "accountEnabled": Generate returned "yes", which is not of its Kind`},
		{"a value of no property", bad(func(r *graphtest.Resource) {
			r.Generate = func(*rand.Rand, int) map[string]any { return map[string]any{"colour": "red"} }
		}), `property "colour", returned by Generate, is not one of the resource's Properties`},
		{"the same path twice", []graphtest.Resource{devices(1, false), devices(1, false)}, `the name "devices" is taken`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := graphtest.NewServer(graphtest.Options{Seed: 1, Users: 2, Resources: tc.resources})
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
