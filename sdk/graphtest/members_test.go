package graphtest_test

import (
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestGroupsNestedGroupDeletedForGoodLeavesItsParents(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 30, Groups: 21, MembersPerGroup: 3})
	c := newClient(t, srv)
	parents := map[string]bool{}
	nested := ""
	for _, m := range c.state("group_members") {
		if m["memberType"] == "group" && (nested == "" || m["memberId"] == nested) {
			nested = m["memberId"].(string)
			parents[m["groupId"].(string)] = true
		}
	}
	if nested == "" {
		t.Fatal("the tenant has no nested group: the test proves nothing")
	}
	_, link, _ := c.round(srv.GraphURL() + "/groups/delta?$select=displayName,members")
	if err := srv.Tenant().Delete("groups", nested, true); err != nil {
		t.Fatal(err)
	}
	items, _, _ := c.round(link)
	got := members(items)
	for p := range parents {
		if got[p][nested] != "removed" {
			t.Errorf("parent %s's members@delta = %v, want %s removed", p, got[p], nested)
		}
	}
	for _, m := range c.state("group_members") {
		if m["memberId"] == nested {
			t.Errorf("group_members still lists the deleted group %s in %s", nested, m["groupId"])
		}
	}
}

func TestMixedMembersVariantListsServicePrincipalsAndDevices(t *testing.T) {
	for _, tc := range []struct {
		name     string
		variants []graphtest.Variant
		want     bool
	}{
		{"default", nil, false},
		{"mixed-members", []graphtest.Variant{graphtest.MixedMembers}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 4, Users: 40, Groups: 8, MembersPerGroup: 3, Contacts: 4, Variants: tc.variants})
			c := newClient(t, srv)
			items, link, _ := c.round(srv.GraphURL() + "/groups/delta?$select=displayName,members")
			types := map[string]int{}
			for _, ms := range members(items) {
				for _, typ := range ms {
					types[typ]++
				}
			}
			for _, typ := range []string{"#microsoft.graph.servicePrincipal", "#microsoft.graph.device"} {
				if (types[typ] > 0) != tc.want {
					t.Errorf("members@delta of the initial round holds %d %s entries (types %v), want some: %v", types[typ], typ, types, tc.want)
				}
			}
			if !tc.want {
				return
			}
			truth := map[string]int{}
			for _, m := range c.state("group_members") {
				truth[m["memberType"].(string)]++
			}
			if truth["servicePrincipal"] == 0 || truth["device"] == 0 {
				t.Errorf("group_members truth by type = %v, want servicePrincipal and device members", truth)
			}
			res, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "groups", Members: intPtr(12), Seed: 9})
			if err != nil {
				t.Fatal(err)
			}
			others := map[string]bool{}
			for _, o := range srv.Tenant().OtherMembers() {
				others[o[0]] = true
			}
			changed := 0
			items, _, _ = c.round(link)
			for _, ms := range members(items) {
				for id := range ms {
					if others[id] {
						changed++
					}
				}
			}
			if changed == 0 {
				t.Errorf("churn %v changed no service principal or device membership that the next round shows", res.Members)
			}
		})
	}
}

func TestInitialRemovalsVariantShowsRemovedObjectsInFullRounds(t *testing.T) {
	for _, tc := range []struct {
		name     string
		variants []graphtest.Variant
		want     bool
	}{
		{"default", nil, false},
		{"initial-removals", []graphtest.Variant{graphtest.InitialRemovals}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 6, Users: 40, Groups: 10, MembersPerGroup: 2, Contacts: 40, Variants: tc.variants})
			c := newClient(t, srv)
			for _, tb := range []struct{ resource, truth string }{{"users", "users"}, {"groups", "groups"}, {"contacts", "org_contacts"}} {
				live := ids(c.state(tb.truth))
				items, _, _ := c.round(srv.GraphURL() + "/" + tb.resource + "/delta?$select=displayName")
				reasons := map[string]int{}
				for _, it := range items {
					id := it["id"].(string)
					r := removed(it)
					if r == "" {
						continue
					}
					reasons[r]++
					if _, ok := live[id]; ok {
						t.Errorf("%s: the initial round shows %s removed, but it is live", tb.resource, id)
					}
					if len(it) != 2 {
						t.Errorf("%s: removed item %v, want only id and @removed", tb.resource, it)
					}
				}
				if got := len(reasons) > 0; got != tc.want {
					t.Errorf("%s: the initial round removed %v, want removals: %v", tb.resource, reasons, tc.want)
				}
				if tc.want && tb.resource == "users" && (reasons["changed"] == 0 || reasons["deleted"] == 0) {
					t.Errorf("users: the initial round removed %v, want soft-deleted and deleted users", reasons)
				}
			}
			if !tc.want {
				return
			}
			// A churn's deletions show in a later full round too.
			res, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "contacts", Deletes: 3, Seed: 2})
			if err != nil {
				t.Fatal(err)
			}
			items, _, _ := c.round(srv.GraphURL() + "/contacts/delta?$select=displayName")
			got := ids(items)
			for _, id := range res.Deleted {
				if it, ok := got[id]; !ok || removed(it) != "deleted" {
					t.Errorf("the full round after deleting contact %s shows %v, want it removed", id, it)
				}
			}
		})
	}
}

func intPtr(n int) *int { return &n }
