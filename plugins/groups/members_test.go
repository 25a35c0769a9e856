package groups_test

import (
	"fmt"
	"testing"

	"github.com/graphlake/graphlake/plugins/groups"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestMembersOfEveryKindMatchTheEmulator runs groups whose members are
// users, groups, orgContacts, service principals and devices through
// rounds of churn, and deletes a nested group for good: the lake's
// group_members must name every kind in memberType, and the deleted
// group must leave its parents' member lists.
func TestMembersOfEveryKindMatchTheEmulator(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 24, Users: 60, Groups: 22, MembersPerGroup: 4, Contacts: 8,
		DirectoryPageSize: 6, LinksPerPage: 20, Variants: []graphtest.Variant{graphtest.MixedMembers}})
	r := sdktest.New(t, srv, groups.New())
	cfg := config(t, false, nil)
	r.Sync(cfg)
	assertMatches(t, r, srv, nil, "after the initial round")
	kinds := map[any]int{}
	for _, m := range r.State(groups.MembersTableName) {
		kinds[m["memberType"]]++
	}
	for _, k := range []string{"user", "group", "orgContact", "servicePrincipal", "device"} {
		if kinds[k] == 0 {
			t.Errorf("group_members holds memberTypes %v, want some %q", kinds, k)
		}
	}

	nested := ""
	for _, m := range sdktest.Truth(t, srv, "group_members") {
		if m["memberType"] == "group" {
			nested = m["memberId"].(string)
			break
		}
	}
	must(t, srv.Tenant().Delete("groups", nested, true))
	_, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "groups", Updates: 4, Members: ptr(30), Seed: 8})
	must(t, err)
	r.Sync(cfg)
	for _, m := range r.State(groups.MembersTableName) {
		if m["memberId"] == nested {
			t.Errorf("group %s, deleted for good, is still a member in the lake: %v", nested, m)
		}
	}
	assertMatches(t, r, srv, nil, "after deleting a nested group and churn")
}

// TestAGroupDeletedAndRestoredBetweenRoundsLosesTheMembersItLost: a
// Microsoft 365 group deleted and restored between two rounds comes back
// whole, and the members it lost in the meantime (one removed, one user
// deleted for good) are reported removed: the lake must not keep them.
func TestAGroupDeletedAndRestoredBetweenRoundsLosesTheMembersItLost(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 22, Users: 40, Groups: 4, MembersPerGroup: 10})
	r := sdktest.New(t, srv, groups.New())
	cfg := config(t, false, nil)
	r.Sync(cfg)
	var unified string
	for _, g := range sdktest.Truth(t, srv, "groups", "id") {
		if fmt.Sprint(g["groupTypes"]) == "[Unified]" {
			unified = g["id"].(string)
			break
		}
	}
	var lost []string
	for _, m := range sdktest.Truth(t, srv, "group_members") {
		if m["groupId"] == unified && m["memberType"] == "user" && len(lost) < 2 {
			lost = append(lost, m["memberId"].(string))
		}
	}
	must(t, srv.Tenant().RemoveMember(unified, lost[0]))
	must(t, srv.Tenant().Delete("groups", unified, false))
	must(t, srv.Tenant().Delete("users", lost[1], true))
	must(t, srv.Tenant().Restore("groups", unified))
	r.Sync(cfg)
	for _, m := range r.State(groups.MembersTableName) {
		if m["groupId"] == unified && (m["memberId"] == lost[0] || m["memberId"] == lost[1]) {
			t.Errorf("the lake keeps a membership the restored group lost: %v", m)
		}
	}
	assertMatches(t, r, srv, nil, "after the group was deleted and restored between rounds")
}
