package graphtest_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestUsersInitialRoundPagesThroughEveryUser(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 450})
	c := newClient(t, srv)

	first := c.ok(srv.GraphURL() + "/users/delta?$select=displayName,jobTitle")
	if first.NextLink == "" || len(first.Value) != 200 {
		t.Fatalf("first page: %d items, nextLink %q; want 200 items and a nextLink", len(first.Value), first.NextLink)
	}
	if want := srv.GraphURL() + "/$metadata#users(displayName,jobTitle)"; first.Context != want {
		t.Errorf("first page context = %q, want %q", first.Context, want)
	}
	if !hasPrefix(first.NextLink, srv.GraphURL()+"/users/delta?$skiptoken=") || strings.Contains(first.NextLink, "select") {
		t.Errorf("nextLink %q should be an opaque $skiptoken link that does not repeat $select", first.NextLink)
	}
	items, deltaLink, pages := c.round(srv.GraphURL() + "/users/delta?$select=displayName,jobTitle")
	if pages != 3 || len(items) != 450 {
		t.Errorf("round: %d pages with %d items, want 3 pages with 450 items", pages, len(items))
	}
	if !hasPrefix(deltaLink, srv.GraphURL()+"/users/delta?$deltatoken=") {
		t.Errorf("deltaLink = %q", deltaLink)
	}
	got := ids(items)
	for _, row := range c.state("users") {
		item, ok := got[row["id"].(string)]
		if !ok {
			t.Fatalf("user %s missing from the round", row["id"])
		}
		if item["displayName"] != row["displayName"] {
			t.Errorf("user %s displayName = %v, want %v", row["id"], item["displayName"], row["displayName"])
		}
		for k := range item {
			if k != "id" && k != "displayName" && k != "jobTitle" {
				t.Fatalf("user %s carries unselected property %q", row["id"], k)
			}
		}
	}
}

func TestUsersWithoutSelectReturnTheDefaultProperties(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 3})
	c := newClient(t, srv)
	p := c.ok(srv.GraphURL() + "/users/microsoft.graph.delta()")
	if p.Context != srv.GraphURL()+"/$metadata#users" {
		t.Errorf("context = %q", p.Context)
	}
	item := p.Value[0]
	for _, want := range []string{"displayName", "userPrincipalName", "givenName", "businessPhones"} {
		if _, ok := item[want]; !ok {
			t.Errorf("default item lacks %s: %v", want, keys(item))
		}
	}
	if _, ok := item["department"]; ok {
		t.Error("default item carries department, which is not in Graph's default set")
	}
}

func TestUsersIncrementalRoundReturnsOnlyChanges(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 300})
	c := newClient(t, srv)
	tn := srv.Tenant()
	_, link, _ := c.round(srv.GraphURL() + "/users/delta?$select=displayName,jobTitle,department")

	users := c.state("users")
	updated, softDeleted, hardDeleted := users[10]["id"].(string), users[11]["id"].(string), users[12]["id"].(string)
	must(t, tn.Update("users", updated, graphtest.Props{"jobTitle": json.RawMessage(`"Chief Tester"`)}))
	must(t, tn.Update("users", updated, graphtest.Props{"jobTitle": json.RawMessage(`"Chief Tester II"`)}))
	must(t, tn.Delete("users", softDeleted, false))
	must(t, tn.Delete("users", hardDeleted, true))
	created, err := tn.CreateUser(graphtest.Props{"displayName": json.RawMessage(`"New Person"`)})
	must(t, err)

	items, next, _ := c.round(link)
	got := ids(items)
	if len(items) != 4 {
		t.Fatalf("incremental round returned %d items, want 4 (rapid edits folded into one): %v", len(items), items)
	}
	if got[updated]["jobTitle"] != "Chief Tester II" {
		t.Errorf("updated user = %v, want the last jobTitle", got[updated])
	}
	if got[updated]["displayName"] == nil {
		t.Error("default mode must return unchanged selected properties too")
	}
	if removed(got[softDeleted]) != "changed" || removed(got[hardDeleted]) != "deleted" {
		t.Errorf("removals = %v / %v, want reasons changed and deleted", got[softDeleted], got[hardDeleted])
	}
	if got[created]["displayName"] != "New Person" {
		t.Errorf("created user = %v", got[created])
	}
	if next == link {
		t.Error("the next deltaLink must carry a new token")
	}

	items, again, _ := c.round(next)
	if len(items) != 0 {
		t.Errorf("a round with no changes returned %d items", len(items))
	}
	if again == next {
		t.Error("a round with no changes must still return a new deltaLink")
	}

	must(t, tn.Restore("users", softDeleted))
	items, _, _ = c.round(again)
	if len(items) != 1 || items[0]["id"] != softDeleted || items[0]["displayName"] == nil || removed(items[0]) != "" {
		t.Errorf("a restored user must come back as a new item, got %v", items)
	}
}

func TestUsersChangesToUnselectedPropertiesAreNotTracked(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 20})
	c := newClient(t, srv)
	_, link, _ := c.round(srv.GraphURL() + "/users/delta?$select=displayName")
	id := c.state("users")[0]["id"].(string)
	must(t, srv.Tenant().Update("users", id, graphtest.Props{"department": json.RawMessage(`"Elsewhere"`)}))
	if items, _, _ := c.round(link); len(items) != 0 {
		t.Errorf("a change to an unselected property produced %v", items)
	}
}

func TestUsersMinimalResponsesCarryOnlyChangedProperties(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 20})
	c := newClient(t, srv)
	_, link, _ := c.round(srv.GraphURL() + "/users/delta?$select=displayName,jobTitle,mobilePhone")
	id := c.state("users")[4]["id"].(string)
	must(t, srv.Tenant().Update("users", id, graphtest.Props{"jobTitle": json.RawMessage(`"Lead"`), "mobilePhone": json.RawMessage(`null`)}))

	r := c.get(link, "return=minimal")
	if r.status != 200 || r.header.Get("Preference-Applied") != "return=minimal" {
		t.Fatalf("status %d, Preference-Applied %q", r.status, r.header.Get("Preference-Applied"))
	}
	item := r.page.Value[0]
	want := map[string]any{"id": id, "jobTitle": "Lead", "mobilePhone": nil}
	if len(item) != len(want) || item["jobTitle"] != "Lead" || item["mobilePhone"] != nil {
		t.Errorf("minimal item = %v, want %v", item, want)
	}
	if _, ok := item["mobilePhone"]; !ok {
		t.Error("a property set to null must come back as null in minimal mode")
	}
}

func TestUsersSelectErrors(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 2})
	c := newClient(t, srv)
	tests := []struct {
		name, query string
		status      int
		code        string
	}{
		{"an unknown property is a bad request", "$select=displayName,shoeSize", 400, "Request_BadRequest"},
		{"a property outside the main store is a bad request", "$select=skills", 400, "BadRequest"},
		{"more than 50 ids in a filter are refused", "$filter=" + url.QueryEscape(manyIDs(51)), 400, "Request_BadRequest"},
		{"filters other than id eq are unsupported", "$filter=" + url.QueryEscape("displayName eq 'x'"), 400, "Request_UnsupportedQuery"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.get(srv.GraphURL() + "/users/delta?" + tt.query)
			if r.status != tt.status || r.err.Error.Code != tt.code {
				t.Errorf("status %d code %q, want %d %q: %s", r.status, r.err.Error.Code, tt.status, tt.code, r.body)
			}
			if r.err.Error.InnerError["request-id"] == nil || r.header.Get("request-id") == "" {
				t.Error("errors must carry Graph's innerError with a request-id")
			}
		})
	}
}

func TestUsersFilterByIDAndLatest(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 5, Users: 30})
	c := newClient(t, srv)
	users := c.state("users")
	a, b := users[3]["id"].(string), users[20]["id"].(string)
	items, link, _ := c.round(srv.GraphURL() + "/users/delta?$filter=id+eq+'" + a + "'+or+id+eq+'" + b + "'&$top=1")
	got := slices.Sorted(func(yield func(string) bool) {
		for id := range ids(items) {
			yield(id)
		}
	})
	if want := slices.Sorted(slices.Values([]string{a, b})); !slices.Equal(got, want) {
		t.Fatalf("filtered round = %v, want %v ($top is ignored for users)", got, want)
	}
	must(t, srv.Tenant().Update("users", a, graphtest.Props{"displayName": json.RawMessage(`"A"`)}))
	must(t, srv.Tenant().Update("users", users[5]["id"].(string), graphtest.Props{"displayName": json.RawMessage(`"Other"`)}))
	if items, _, _ := c.round(link); len(items) != 1 || items[0]["id"] != a {
		t.Errorf("filtered incremental round = %v, want only %s", items, a)
	}

	latest := c.ok(srv.GraphURL() + "/users/delta?$deltatoken=latest")
	if latest.DeltaLink == "" || len(latest.Value) != 0 {
		t.Fatalf("$deltatoken=latest = %d items, deltaLink %q; want none and a deltaLink", len(latest.Value), latest.DeltaLink)
	}
	must(t, srv.Tenant().Update("users", b, graphtest.Props{"displayName": json.RawMessage(`"B"`)}))
	if items, _, _ := c.round(latest.DeltaLink); len(items) != 1 || items[0]["id"] != b {
		t.Errorf("round after latest = %v, want only %s", items, b)
	}
}

func TestUsersManagerDelta(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 5, Users: 10})
	c := newClient(t, srv)
	items, link, _ := c.round(srv.GraphURL() + "/users/delta?$select=displayName,manager")
	users := c.state("users")
	byID := ids(items)
	child := users[9]["id"].(string)
	md, ok := byID[child]["manager@delta"].([]any)
	if !ok || len(md) != 1 || md[0].(map[string]any)["id"] != users[9]["managerId"] {
		t.Fatalf("manager@delta of %s = %v, want its manager %v", child, byID[child]["manager@delta"], users[9]["managerId"])
	}
	must(t, srv.Tenant().SetManager(child, users[0]["id"].(string)))
	items, _, _ = c.round(link)
	md, _ = items[0]["manager@delta"].([]any)
	if len(items) != 1 || len(md) != 2 {
		t.Fatalf("after a manager change: %v", items)
	}
}

func manyIDs(n int) string {
	terms := make([]string, n)
	for i := range terms {
		terms[i] = "id eq '00000000-0000-0000-0000-" + strings.Repeat("0", 10) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "'"
	}
	return strings.Join(terms, " or ")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
