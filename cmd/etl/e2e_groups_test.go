package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// groupsSource selects every group property the emulator keeps, members
// and owners.
func groupsSource(minimal bool, ids []string) string {
	block := `source "groups" {
    select = ["displayName", "description", "mail", "mailEnabled", "mailNickname", "securityEnabled",
      "groupTypes", "visibility", "classification", "createdDateTime", "renewedDateTime",
      "proxyAddresses", "securityIdentifier", "expirationDateTime", "isAssignableToRole", "membershipRule",
      "membershipRuleProcessingState", "preferredDataLocation", "preferredLanguage", "theme",
      "onPremisesSyncEnabled", "onPremisesLastSyncDateTime", "onPremisesSecurityIdentifier",
      "onPremisesSamAccountName", "onPremisesDomainName", "members", "owners"]
    minimal = %v
`
	block = fmt.Sprintf(block, minimal)
	if ids != nil {
		block += `    ids = ["` + strings.Join(ids, `", "`) + "\"]\n"
	}
	return block + "  }"
}

// emulatorMemberships is the emulator's group_members and group_owners as
// the lake's group_members holds them, limited to the groups in only when
// it is not nil.
func (h *harness) emulatorMemberships(only map[string]bool) []map[string]any {
	var rows []map[string]any
	for table, rel := range map[string]string{"group_members": "member", "group_owners": "owner"} {
		for _, row := range sdktest.Truth(h.t, h.srv, table) {
			if only == nil || only[row["groupId"].(string)] {
				row["relationship"] = rel
				rows = append(rows, row)
			}
		}
	}
	sdktest.SortRows(rows, "groupId", "relationship", "memberId")
	return rows
}

// assertGroupsMatch compares the lake's groups and group_members with the
// emulator's, field for field.
func (h *harness) assertGroupsMatch(only map[string]bool, when string) {
	h.t.Helper()
	var groups []map[string]any
	for _, g := range h.emulatorState("groups") {
		if only == nil || only[g["id"].(string)] {
			groups = append(groups, g)
		}
	}
	if diff := cmp.Diff(groups, h.lakeState("groups", "id")); diff != "" {
		h.t.Fatalf("%s the lake's groups differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
	lake := h.childState("group_members", []string{"groupId", "relationship", "memberId"}, "groups", []string{"id"}, "groupId")
	if diff := cmp.Diff(h.emulatorMemberships(only), lake); diff != "" {
		h.t.Fatalf("%s the lake's group_members differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
}

// reshapeGroup adds 60 members to the first live group and removes 30,
// more links than a page holds, and swaps one owner.
func reshapeGroup(t *testing.T, srv *graphtest.Server) {
	t.Helper()
	gid := sdktest.Truth(t, srv, "groups", "id")[0]["id"].(string)
	current := map[string]bool{}
	for _, m := range sdktest.Truth(t, srv, "group_members") {
		current[m["memberId"].(string)] = current[m["memberId"].(string)] || m["groupId"] == gid
	}
	added, removed := 0, 0
	for _, u := range sdktest.Truth(t, srv, "users", "id") {
		id := u["id"].(string)
		var err error
		switch {
		case current[id] && removed < 30:
			err, removed = srv.Tenant().RemoveMember(gid, id), removed+1
		case !current[id] && added < 60:
			err, added = srv.Tenant().AddMember(gid, id), added+1
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range sdktest.Truth(t, srv, "group_owners") {
		if o["groupId"] == gid {
			if err := srv.Tenant().RemoveOwner(gid, o["memberId"].(string)); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	for id, in := range current {
		if in && srv.Tenant().AddOwner(gid, id) == nil {
			break
		}
	}
}

func TestGroupsRoundsOfChurnMatchTheEmulator(t *testing.T) {
	withEachVariantSet(t, graphtest.Options{Seed: 41, Users: 300, Groups: 6, MembersPerGroup: 120, Contacts: 10,
		DirectoryPageSize: 4, LinksPerPage: 50}, groupsRoundsOfChurn)
}

func groupsRoundsOfChurn(t *testing.T, opts graphtest.Options) {
	for _, minimal := range []bool{false, true} {
		t.Run(fmt.Sprintf("minimal=%v", minimal), func(t *testing.T) {
			h := newHarness(t, opts, groupsSource(minimal, nil))
			members := func(n int) *int { return &n }
			churns := []graphtest.ChurnSpec{
				{Resource: "groups", Creates: 2, Updates: 3, Deletes: 2, Members: members(40), Seed: 1},
				// Restores a round after the deletions they undo.
				{Resource: "groups", Creates: 1, Updates: 2, Members: members(30), Restores: 1, Seed: 2},
				{Resource: "groups", Updates: 4, Deletes: 1, Members: members(20), Seed: 3},
			}
			for round := 1; round <= len(churns)+1; round++ {
				h.mustRun()
				h.assertGroupsMatch(nil, fmt.Sprintf("after round %d", round))
				if round <= len(churns) {
					if _, err := h.srv.Tenant().Churn(churns[round-1]); err != nil {
						t.Fatal(err)
					}
					reshapeGroup(t, h.srv)
				}
			}
			deletes := int64(0)
			for i, e := range h.history() {
				s := e.Streams[0]
				if len(e.Streams) != 1 || s.Stream != "groups" || s.Status != "ok" || (i > 0) != (s.Mode == "incremental") {
					t.Errorf("round %d streams = %+v, want one ok groups stream, initial then incremental", e.Round, e.Streams)
				}
				if s.Pages < 2 {
					t.Errorf("round %d read %d pages, want more than one", e.Round, s.Pages)
				}
				deletes += s.Deletes
			}
			if deletes < 3 {
				t.Errorf("the rounds recorded %d deleted groups, want at least 3", deletes)
			}
			h.assertFilesExist()
		})
	}
}

func TestGroupsIDFiltersRunOneStreamPerChunk(t *testing.T) {
	opts := graphtest.Options{Seed: 42, Users: 80, Groups: 140, MembersPerGroup: 4}
	srv := graphtest.Start(t, opts) // the same seed gives the harness's emulator the same ids
	var ids []string
	only := map[string]bool{}
	for _, g := range sdktest.Truth(t, srv, "groups", "id")[:110] {
		ids = append(ids, g["id"].(string))
		only[g["id"].(string)] = true
	}
	h := newHarness(t, opts, groupsSource(false, ids))
	h.mustRun()
	h.assertGroupsMatch(only, "after the initial round")
	if _, err := h.srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "groups", Updates: 30, Deletes: 10, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	h.mustRun()
	h.assertGroupsMatch(only, "after churn")
	entries := h.history()
	if len(entries[0].Streams) < 3 {
		t.Fatalf("110 ids ran %d streams, want at least 3", len(entries[0].Streams))
	}
	for _, s := range entries[1].Streams {
		if !strings.HasPrefix(s.Stream, "groups/") || s.Status != "ok" || s.Mode != "incremental" {
			t.Errorf("round 2 stream %s: %s %s, want an ok incremental groups/… stream", s.Stream, s.Status, s.Mode)
		}
	}
}
