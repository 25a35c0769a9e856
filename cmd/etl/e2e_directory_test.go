package main

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// directoryKeys are the key columns of the directory plugin's tables.
var directoryKeys = map[string][]string{"applications": {"id"}, "service_principals": {"id"}, "devices": {"id"},
	"directory_roles": {"id"}, "directory_role_members": {"directoryRoleId", "memberId"}, "administrative_units": {"id"},
	"administrative_unit_members": {"administrativeUnitId", "memberId"}, "oauth2_permission_grants": {"id"}}

// TestDirectoryObjectsMatchTheEmulatorRoundAfterRound runs the directory
// plugin through the real binary over rounds of churn of every resource
// (creates, updates, soft and hard deletes, restores, role and unit
// membership changes), compacted every other round: after every round
// each table's current state equals the emulator's; then through a
// resync after a gap whose deletions Graph never announces.
func TestDirectoryObjectsMatchTheEmulatorRoundAfterRound(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 61, Users: 80, Groups: 6, MembersPerGroup: 5, DirectoryPageSize: 40, LinksPerPage: 30,
		Directory: &graphtest.DirectoryObjects{Applications: 40, ServicePrincipals: 300, Devices: 60, DirectoryRoles: 20,
			AdministrativeUnits: 8, OAuth2PermissionGrants: 60}},
		"source \"directory\" {}\n  lake { compact_every = 2 }")
	const rounds = 4
	for round := 1; round <= rounds; round++ {
		h.mustRun()
		h.assertDirectoryMatches(fmt.Sprintf("after round %d", round))
		if round < rounds {
			h.churnDirectory(int64(round), 2*(round-1))
		}
	}
	entries := h.history()
	last := entries[len(entries)-1]
	if len(last.Streams) != len(directoryPaths) || last.Deletes() == 0 {
		t.Errorf("the last round recorded %d streams and %d deletes; want all %d resources' streams, with deletes", len(last.Streams), last.Deletes(), len(directoryPaths))
	}
	for _, s := range last.Streams {
		if s.Status != "ok" || s.Mode != "incremental" {
			t.Errorf("stream %s of the last round: %s %s, want ok incremental", s.Stream, s.Status, s.Mode)
		}
	}
	h.assertVerifies()
	role := sdktest.Truth(t, h.srv, "directory_role_members", directoryKeys["directory_role_members"]...)[0]
	res := h.etl("show", h.pipeline, "directory_role_members", "--where", "memberId="+role["memberId"].(string),
		"--where", "directoryRoleId="+role["directoryRoleId"].(string), "--columns", "memberType")
	if res.code != 0 || len(res.stdout) == 0 {
		t.Fatalf("etl show directory_role_members = %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	mustContain(t, "etl show directory_role_members", res.stdout, fmt.Sprint(role["memberType"]))

	// Graph discards the sync state after a gap with deletions and
	// membership removals it will never announce: the full round's sweep
	// must find them in every table.
	h.churnDirectory(9, 0)
	if err := h.srv.ExpireDeltaTokens("syncStateNotFound"); err != nil {
		t.Fatal(err)
	}
	h.mustRun()
	h.assertDirectoryMatches("after the resync")
	resync := h.history()[len(h.history())-1]
	for _, s := range resync.Streams {
		if s.Status != "ok" || s.Mode != "resync" {
			t.Errorf("stream %s after the expired tokens: %s %s, want ok resync", s.Stream, s.Status, s.Mode)
		}
	}
	tombstones := h.resyncTombstones(resync)
	for _, table := range []string{"applications", "devices", "directory_role_members", "administrative_unit_members", "oauth2_permission_grants"} {
		if tombstones[table] == 0 {
			t.Errorf("the resync swept nothing from %s (%v); the gap deleted some", table, tombstones)
		}
	}
}

// directoryPaths are the directory plugin's resources, as churn names them.
var directoryPaths = []string{"applications", "servicePrincipals", "devices", "directoryRoles", "administrativeUnits", "oauth2PermissionGrants"}

// assertDirectoryMatches compares the current state of every directory
// table with the emulator's.
func (h *harness) assertDirectoryMatches(when string) {
	h.t.Helper()
	for table, key := range directoryKeys {
		want, got := sdktest.Truth(h.t, h.srv, table, key...), h.currentState(table)
		sdktest.SortRows(got, key...)
		if len(want) == 0 {
			h.t.Fatalf("%s the emulator's %s is empty; the test would prove nothing", when, table)
		}
		if diff := cmp.Diff(deepNormalise(want), deepNormalise(got)); diff != "" {
			h.t.Fatalf("%s the current %s differs from the emulator's (-emulator +lake):\n%s", when, table, diff)
		}
	}
}

// churnDirectory changes every directory resource: creations, updates,
// deletions (soft ones where Graph has them), restores and membership
// changes. Roles are activated, never deleted: churn deletes none, as
// Graph has no delete for them.
func (h *harness) churnDirectory(seed int64, restores int) {
	h.t.Helper()
	members := 10
	for _, path := range directoryPaths {
		spec := graphtest.ChurnSpec{Resource: path, Creates: 3, Updates: 8, Deletes: 4, Restores: restores, Members: &members, Seed: seed}
		if _, err := h.srv.Tenant().Churn(spec); err != nil {
			h.t.Fatalf("churn %s: %v", path, err)
		}
	}
}
