package duckdb

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// roleSources syncs users, groups and the directory objects.
var roleSources = historySources + `  source "directory" {}
`

// TestRoleMembershipViewEqualsTheEmulatorsRoleHolders syncs rounds in
// which a role-assignable group joins a role, gains and loses members and
// leaves the role again, and checks that directory_role_members_transitive,
// pinned to each round (--as-of) and at the latest, equals the role
// holders computed from the emulator's state right after that round, and
// the README's question on a role's holders answers right.
func TestRoleMembershipViewEqualsTheEmulatorsRoleHolders(t *testing.T) {
	l := newLake(t, graphtest.Options{Seed: 23, Users: 20, Groups: 15, MembersPerGroup: 4,
		Directory: &graphtest.DirectoryObjects{DirectoryRoles: 4, ServicePrincipals: 6}}, roleSources)
	ten := l.srv.Tenant()
	var assignable, users []string
	for _, g := range l.truth("groups") {
		if g["isAssignableToRole"] == true {
			assignable = append(assignable, g["id"].(string))
		}
	}
	for _, u := range l.truth("users") {
		users = append(users, u["id"].(string))
	}
	roles := l.truth("directory_roles")
	if len(assignable) == 0 || len(roles) == 0 {
		t.Fatalf("the tenant has %d role-assignable groups and %d roles: the test needs one of each", len(assignable), len(roles))
	}
	role, group := roles[0]["id"].(string), assignable[0]
	ok := func(err error) { // a link already there, or already gone, is no failure
		t.Helper()
		if err != nil && !strings.Contains(err.Error(), " is already ") && !strings.Contains(err.Error(), " is not ") {
			t.Fatal(err)
		}
	}
	steps := []func(){
		func() { // the group joins the role; a user holds it directly and through the group
			ok(ten.SetLink("directoryRoles", role, "members", group, true))
			ok(ten.SetLink("directoryRoles", role, "members", users[0], true))
			ok(ten.AddMember(group, users[0]))
			ok(ten.AddMember(group, users[1]))
		},
		func() { // a member leaves the group, another joins; then the group leaves the role
			ok(ten.RemoveMember(group, users[1]))
			ok(ten.AddMember(group, users[2]))
		},
		func() { ok(ten.SetLink("directoryRoles", role, "members", group, false)) },
	}
	var holders []map[string]float64
	for round := 1; ; round++ {
		l.run()
		holders = append(holders, roleHolders(l.truth("directory_role_members"), l.truth("group_members")))
		if round > len(steps) {
			break
		}
		steps[round-1]()
	}
	throughGroups := 0
	name := strings.ReplaceAll(roles[0]["displayName"].(string), "'", "''")
	question := strings.Replace(l.readmeQuery("-- who holds a role, directly or through a role-assignable group"), "'Global Administrator'", "'"+name+"'", 1)
	for round, want := range holders {
		script := l.sql("--as-of", fmt.Sprint(round+1))
		if round == len(holders)-1 {
			script = l.sql()
		}
		db := l.openDuckDB(script)
		got := map[string]float64{}
		for _, r := range query(t, db, `SELECT * FROM directory_role_members_transitive`) {
			got[fmt.Sprint(r["directoryRoleId"], "/", r["memberId"], "/", r["memberType"], "/", r["viaGroupId"])] = r["depth"].(float64)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("round %d: directory_role_members_transitive differs from the emulator's role holders (-emulator +view):\n%s", round+1, diff)
		}
		answer, ofRole := map[string]float64{}, map[string]float64{}
		for _, r := range query(t, db, question) {
			answer[fmt.Sprint(role, "/", r["memberId"], "/", r["memberType"], "/", r["viaGroupId"])] = r["depth"].(float64)
		}
		for k, d := range want {
			if strings.HasPrefix(k, role+"/") {
				ofRole[k] = d
			}
		}
		if diff := cmp.Diff(ofRole, answer); diff != "" {
			t.Errorf("round %d: the README's question on who holds %q (-emulator +answer):\n%s", round+1, name, diff)
		}
		for _, d := range want {
			if d == 2 {
				throughGroups++
			}
		}
	}
	if throughGroups == 0 {
		t.Error("no principal held a role through a group: the test checked nothing of the view's second level")
	}
}

// roleHolders computes, from role and group memberships, every way a
// principal holds a role: "role/member/type/via" (via "<nil>" for a direct
// member) to the depth: 1 direct, 2 as a member of a group that is a
// member of the role. Role-assignable groups cannot contain groups, so
// there is no third level.
func roleHolders(roles, groups []map[string]any) map[string]float64 {
	out := map[string]float64{}
	for _, r := range roles {
		out[fmt.Sprint(r["directoryRoleId"], "/", r["memberId"], "/", r["memberType"], "/<nil>")] = 1
		if r["memberType"] != "group" {
			continue
		}
		for _, m := range groups {
			if m["groupId"] == r["memberId"] && m["relationship"] == "member" {
				out[fmt.Sprint(r["directoryRoleId"], "/", m["memberId"], "/", m["memberType"], "/", r["memberId"])] = 2
			}
		}
	}
	return out
}
