package graphtest_test

import (
	"encoding/json"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// members merges members@delta slices per group id, as a client must.
func members(items []map[string]any) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, it := range items {
		gid := it["id"].(string)
		for _, m := range asList(it["members@delta"]) {
			mm := m.(map[string]any)
			if out[gid] == nil {
				out[gid] = map[string]string{}
			}
			state := mm["@odata.type"].(string)
			if removed(mm) != "" {
				state = "removed"
			}
			out[gid][mm["id"].(string)] = state
		}
	}
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func TestGroupsSeedExchangeSelectsAndPages(t *testing.T) {
	// The groups seed: $select=displayName,description, a context naming the
	// selection on the first page only, and the query encoded in the links.
	srv := graphtest.Start(t, graphtest.Options{Seed: 1, Users: 5, Groups: 450, MembersPerGroup: 1, DirectoryPageSize: 200})
	c := newClient(t, srv)
	first := c.ok(srv.GraphURL() + "/groups/delta?$select=displayName,description")
	if want := srv.GraphURL() + "/$metadata#groups(displayName,description)"; first.Context != want {
		t.Errorf("first context = %q, want %q", first.Context, want)
	}
	second := c.ok(first.NextLink)
	if want := srv.GraphURL() + "/$metadata#groups"; second.Context != want {
		t.Errorf("second context = %q, want %q", second.Context, want)
	}
	for _, g := range second.Value {
		if len(g) != 3 || g["displayName"] == nil || g["description"] == nil {
			t.Fatalf("group %v: want exactly id, displayName, description", g)
		}
	}
}

func TestGroupsLargeGroupsSplitAcrossPages(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 2, Users: 1500, Groups: 3, MembersPerGroup: 1200, LinksPerPage: 500})
	c := newClient(t, srv)
	items, link, pages := c.round(srv.GraphURL() + "/groups/delta?$select=displayName,members")
	if pages < 7 {
		t.Errorf("3 groups of 1200+ members over 500 links a page took %d pages, want at least 7", pages)
	}
	appearances := map[string]int{}
	for _, it := range items {
		appearances[it["id"].(string)]++
	}
	got := members(items)
	want := map[string]map[string]bool{}
	for _, row := range c.state("group_members") {
		gid := row["groupId"].(string)
		if want[gid] == nil {
			want[gid] = map[string]bool{}
		}
		want[gid][row["memberId"].(string)] = true
	}
	for gid, ms := range want {
		if appearances[gid] < 3 {
			t.Errorf("group %s appeared %d times; a 1200-member group must reappear on successive pages", gid, appearances[gid])
		}
		if len(got[gid]) != len(ms) {
			t.Errorf("group %s: merged slices hold %d members, want %d", gid, len(got[gid]), len(ms))
		}
	}

	// Membership changes: one addition and one removal in the first group.
	gid := c.state("groups")[0]["id"].(string)
	users := c.state("users")
	var outsider, insider string
	for _, u := range users {
		if id := u["id"].(string); !want[gid][id] && outsider == "" {
			outsider = id
		} else if want[gid][id] && insider == "" {
			insider = id
		}
	}
	must(t, srv.Tenant().AddMember(gid, outsider))
	must(t, srv.Tenant().RemoveMember(gid, insider))
	items, _, _ = c.round(link)
	delta := members(items)[gid]
	if len(items) != 1 || len(delta) != 2 || delta[outsider] != "#microsoft.graph.user" || delta[insider] != "removed" {
		t.Errorf("membership round = %v, want %s added and %s removed", delta, outsider, insider)
	}
}

func TestGroupsDeletionReasonsAndMembersByDefault(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 4, Users: 30, Groups: 6, MembersPerGroup: 5})
	c := newClient(t, srv)
	items, link, _ := c.round(srv.GraphURL() + "/groups/delta")
	if len(members(items)) != 6 {
		t.Errorf("without $select, members@delta must be included: got members for %d of 6 groups", len(members(items)))
	}
	var unified, security string
	for _, g := range c.state("groups") {
		types, _ := json.Marshal(g["groupTypes"])
		if string(types) == `["Unified"]` && unified == "" {
			unified = g["id"].(string)
		} else if string(types) == `[]` && security == "" {
			security = g["id"].(string)
		}
	}
	must(t, srv.Tenant().Delete("groups", unified, false))
	must(t, srv.Tenant().Delete("groups", security, false))
	got := ids(must2(c.round(link)))
	if removed(got[unified]) != "changed" || removed(got[security]) != "deleted" {
		t.Errorf("deleted Microsoft 365 group = %v (want changed), security group = %v (want deleted)", got[unified], got[security])
	}
}

func TestGroupsUserDeletedForGoodLeavesItsGroups(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 4, Users: 10, Groups: 1, MembersPerGroup: 10})
	c := newClient(t, srv)
	_, link, _ := c.round(srv.GraphURL() + "/groups/delta?$select=members")
	user := c.state("users")[3]["id"].(string)
	must(t, srv.Tenant().Delete("users", user, false))
	if items, _, _ := c.round(link); len(items) != 0 {
		t.Fatalf("a soft-deleted user keeps its memberships, but the round returned %v", items)
	}
	must(t, srv.Tenant().Delete("users", user, true))
	items, _, _ := c.round(link)
	if m := members(items); len(items) != 1 || len(m) != 1 || m[items[0]["id"].(string)][user] != "removed" {
		t.Errorf("after the purge the group must report %s removed: %v", user, items)
	}
}

func must2[T any](v T, _ string, _ int) T { return v }

func TestGroupsRestoredComeBackWithTheirMembers(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 5, Users: 20, Groups: 3, MembersPerGroup: 4})
	c := newClient(t, srv)
	_, link, _ := c.round(srv.GraphURL() + "/groups/delta?$select=displayName,members")
	unified := c.state("groups")[0]["id"].(string) // group 0 is a Microsoft 365 group
	must(t, srv.Tenant().Delete("groups", unified, false))
	items, link, _ := c.round(link)
	if len(items) != 1 || removed(items[0]) != "changed" {
		t.Fatalf("soft delete: %v", items)
	}
	must(t, srv.Tenant().Restore("groups", unified))
	items, _, _ = c.round(link)
	if len(items) != 1 || items[0]["displayName"] == nil || len(members(items)[unified]) < 4 {
		t.Errorf("a restored group must come back whole, members included: %v", items)
	}
}
