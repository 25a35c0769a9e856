package groups_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/groups"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// allProperties selects every group property the emulator keeps, and both
// relationships.
var allProperties = []string{"displayName", "description", "mail", "mailEnabled", "mailNickname",
	"securityEnabled", "groupTypes", "visibility", "classification", "createdDateTime",
	"renewedDateTime", "proxyAddresses", "securityIdentifier", "expirationDateTime", "isAssignableToRole", "membershipRule", "membershipRuleProcessingState",
	"preferredDataLocation", "preferredLanguage", "theme", "onPremisesSyncEnabled", "onPremisesLastSyncDateTime",
	"onPremisesSecurityIdentifier", "onPremisesSamAccountName", "onPremisesDomainName", "members", "owners"}

func config(t *testing.T, minimal bool, ids []string) string {
	t.Helper()
	raw, err := json.Marshal(groups.Config{Select: allProperties, Minimal: minimal, IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// truthMembers is the emulator's group_members and group_owners as the
// lake's group_members holds them.
func truthMembers(t *testing.T, srv *graphtest.Server, ids map[string]bool) []map[string]any {
	var rows []map[string]any
	for table, rel := range map[string]string{"group_members": groups.RelationshipMember, "group_owners": groups.RelationshipOwner} {
		for _, row := range sdktest.Truth(t, srv, table) {
			if ids == nil || ids[row["groupId"].(string)] {
				row["relationship"] = rel
				rows = append(rows, row)
			}
		}
	}
	sdktest.SortRows(rows, "groupId", "relationship", "memberId")
	return rows
}

func truthGroups(t *testing.T, srv *graphtest.Server, ids map[string]bool) []map[string]any {
	var rows []map[string]any
	for _, row := range sdktest.Truth(t, srv, "groups", "id") {
		if ids == nil || ids[row["id"].(string)] {
			rows = append(rows, row)
		}
	}
	return rows
}

func assertMatches(t *testing.T, r *sdktest.Runner, srv *graphtest.Server, ids map[string]bool, when string) {
	t.Helper()
	if diff := cmp.Diff(truthGroups(t, srv, ids), r.State(groups.TableName)); diff != "" {
		t.Fatalf("%s, groups differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
	if diff := cmp.Diff(truthMembers(t, srv, ids), r.State(groups.MembersTableName)); diff != "" {
		t.Fatalf("%s, group_members differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
}

func TestRoundsOfChurnMatchTheEmulator(t *testing.T) {
	for _, minimal := range []bool{false, true} {
		t.Run(fmt.Sprintf("minimal=%v", minimal), func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 21, Users: 300, Groups: 6, MembersPerGroup: 120,
				Contacts: 10, DirectoryPageSize: 4, LinksPerPage: 50})
			r := sdktest.New(t, srv, groups.New())
			cfg := config(t, minimal, nil)
			first := r.Sync(cfg)
			if got := slices(first, firstGroup(t, srv)); got < 3 {
				t.Errorf("a group of 120+ members and 50 links a page came in %d slices, want at least 3", got)
			}
			assertMatches(t, r, srv, nil, "after the initial round")
			for i, spec := range []graphtest.ChurnSpec{
				{Resource: "groups", Creates: 2, Updates: 3, Deletes: 2, Members: ptr(40), Seed: 1},
				// Restores come a round after the deletions: a group deleted
				// and restored between two rounds comes back as a new item
				// whose members@delta lists its members, not the removals.
				{Resource: "groups", Creates: 1, Updates: 2, Members: ptr(30), Restores: 1, Seed: 2},
				{Resource: "groups", Updates: 4, Deletes: 1, Members: ptr(20), Seed: 3},
			} {
				res, err := srv.Tenant().Churn(spec)
				if err != nil || len(res.Restored) < spec.Restores {
					t.Fatalf("churn %+v: %+v, %v", spec, res, err)
				}
				big := bigChange(t, srv)
				round := r.Sync(cfg)
				if got := slices(round, big); got < 2 {
					t.Errorf("round %d: 90 membership changes of one group came in %d slices, want at least 2", i+2, got)
				}
				assertMatches(t, r, srv, nil, fmt.Sprintf("after churn round %d", i+2))
			}
		})
	}
}

// bigChange adds 60 members to the first live group, removes 30 others
// and swaps an owner: more links than one page holds. It returns the
// group's id.
func bigChange(t *testing.T, srv *graphtest.Server) string {
	t.Helper()
	gid := firstGroup(t, srv)
	current := map[string]bool{}
	for _, m := range sdktest.Truth(t, srv, "group_members") {
		if m["groupId"] == gid {
			current[m["memberId"].(string)] = true
		}
	}
	added, removed := 0, 0
	for _, u := range sdktest.Truth(t, srv, "users", "id") {
		id := u["id"].(string)
		switch {
		case current[id] && removed < 30:
			must(t, srv.Tenant().RemoveMember(gid, id))
			removed++
		case !current[id] && added < 60:
			must(t, srv.Tenant().AddMember(gid, id))
			added++
		}
	}
	owners := sdktest.Truth(t, srv, "group_owners")
	for _, o := range owners {
		if o["groupId"] == gid {
			must(t, srv.Tenant().RemoveOwner(gid, o["memberId"].(string)))
			break
		}
	}
	for id := range current {
		if srv.Tenant().AddOwner(gid, id) == nil {
			break
		}
	}
	return gid
}

func firstGroup(t *testing.T, srv *graphtest.Server) string {
	t.Helper()
	return sdktest.Truth(t, srv, "groups", "id")[0]["id"].(string)
}

// slices counts the group rows of one group in a round: one per slice.
func slices(round sdktest.Round, gid string) int {
	n := 0
	for _, row := range round.Rows[groups.TableName] {
		if row["id"] == gid {
			n++
		}
	}
	return n
}

func TestADeletedGroupTakesItsMembershipsWithIt(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 22, Users: 40, Groups: 4, MembersPerGroup: 10})
	r := sdktest.New(t, srv, groups.New())
	cfg := config(t, false, nil)
	r.Sync(cfg)
	var unified, security string
	for _, g := range sdktest.Truth(t, srv, "groups", "id") {
		if types := fmt.Sprint(g["groupTypes"]); types == "[Unified]" && unified == "" {
			unified = g["id"].(string)
		} else if types == "[]" && security == "" {
			security = g["id"].(string)
		}
	}
	must(t, srv.Tenant().Delete("groups", unified, false))
	must(t, srv.Tenant().Delete("groups", security, false))
	round := r.Sync(cfg)
	reasons := map[string]any{}
	for _, row := range round.Rows[groups.TableName] {
		if row["_op"] == "delete" {
			reasons[row["id"].(string)] = row["_removed_reason"]
		}
	}
	if diff := cmp.Diff(map[string]any{unified: "changed", security: "deleted"}, reasons); diff != "" {
		t.Errorf("tombstones' reasons (-want +got):\n%s", diff)
	}
	if len(round.Rows[groups.MembersTableName]) != 0 {
		t.Errorf("Graph sends no members@delta for a deleted group, yet the round wrote %d group_members rows", len(round.Rows[groups.MembersTableName]))
	}
	for _, m := range r.State(groups.MembersTableName) {
		if m["groupId"] == unified || m["groupId"] == security {
			t.Fatalf("the current state still holds a membership of a deleted group: %v", m)
		}
	}
	assertMatches(t, r, srv, nil, "after deleting two groups")
	must(t, srv.Tenant().Restore("groups", unified))
	r.Sync(cfg)
	assertMatches(t, r, srv, nil, "after restoring the Microsoft 365 group")
}

func TestIDFiltersSplitIntoStableStreams(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 23, Users: 60, Groups: 150, MembersPerGroup: 3})
	all := sdktest.Truth(t, srv, "groups", "id")
	ids := func(from, to int) ([]string, map[string]bool) {
		var list []string
		set := map[string]bool{}
		for _, g := range all[from:to] {
			list = append(list, g["id"].(string))
			set[g["id"].(string)] = true
		}
		return list, set
	}
	r := sdktest.New(t, srv, groups.New())
	list, set := ids(0, 120)
	first := r.Sync(config(t, false, list))
	if len(first.Checkpoints) < 3 {
		t.Fatalf("120 ids made %d streams, want at least 3 (50 ids at most per $filter)", len(first.Checkpoints))
	}
	for _, cp := range first.Checkpoints {
		if cp.Status != sdk.StatusOK || !strings.HasPrefix(cp.Stream, "groups/") || cp.Mode != "initial" {
			t.Errorf("stream %s: status %v, mode %s, want an ok initial groups/… stream", cp.Stream, cp.Status, cp.Mode)
		}
	}
	assertMatches(t, r, srv, set, "after the initial round of 120 ids")

	if _, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "groups", Updates: 40, Deletes: 5, Members: ptr(40), Seed: 3}); err != nil {
		t.Fatal(err)
	}
	list, set = ids(0, 121) // one more id: its chunk is new, the others keep their deltaLinks
	round := r.Sync(config(t, false, list))
	modes := map[string]int{}
	for _, cp := range round.Checkpoints {
		modes[string(cp.Mode)+"/"+string(cp.Status)]++
	}
	if modes["initial/ok"] < 1 || modes["incremental/ok"] < len(first.Checkpoints)-2 || modes["incremental/ended"] < 1 {
		t.Errorf("adding one id gave streams %v: want one or two new chunks, the rest incremental, the replaced chunk drained and ended", modes)
	}
	assertMatches(t, r, srv, set, "after churn and one more id")
}

func TestConfigDiagnostics(t *testing.T) {
	for _, tc := range []struct {
		name, config, attribute string
	}{
		{"an unknown attribute is refused", `{"filter": "id eq 'x'"}`, "filter"},
		{"a property list in one string is refused", `{"select": ["displayName,mail"]}`, "select"},
		{"an id with a quote is refused", `{"ids": ["2e5807ce' or 1 eq 1"]}`, "ids"},
		{"minimal must be a bool", `{"minimal": "yes"}`, "minimal"},
		{"a good block passes", `{"select": ["displayName", "members"], "ids": ["2e5807ce-58f3-4a94-9b37-ffff2e085957"], "minimal": true}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := groups.New().ValidateConfig(t.Context(), []byte(tc.config))
			if tc.attribute == "" {
				if len(diags) != 0 {
					t.Fatalf("diagnostics %v, want none", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Attribute != tc.attribute || diags[0].Severity != sdk.SeverityError {
				t.Fatalf("diagnostics %+v, want one error on %s", diags, tc.attribute)
			}
		})
	}
}

func ptr(n int) *int { return &n }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
