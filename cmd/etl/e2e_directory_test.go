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
// each table's current state equals the emulator's.
func TestDirectoryObjectsMatchTheEmulatorRoundAfterRound(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 61, Users: 80, Groups: 6, MembersPerGroup: 5, DirectoryPageSize: 40, LinksPerPage: 30,
		Directory: &graphtest.DirectoryObjects{Applications: 40, ServicePrincipals: 300, Devices: 60, DirectoryRoles: 20,
			AdministrativeUnits: 8, OAuth2PermissionGrants: 60}},
		"source \"directory\" {}\n  lake { compact_every = 2 }")
	paths := []string{"applications", "servicePrincipals", "devices", "directoryRoles", "administrativeUnits", "oauth2PermissionGrants"}
	const rounds = 4
	for round := 1; round <= rounds; round++ {
		h.mustRun()
		for table, key := range directoryKeys {
			want, got := sdktest.Truth(t, h.srv, table, key...), h.currentState(table)
			sdktest.SortRows(got, key...)
			if len(want) == 0 {
				t.Fatalf("round %d: the emulator's %s is empty; the test would prove nothing", round, table)
			}
			if diff := cmp.Diff(deepNormalise(want), deepNormalise(got)); diff != "" {
				t.Fatalf("after round %d the current %s differs from the emulator's (-emulator +lake):\n%s", round, table, diff)
			}
		}
		if round == rounds {
			break
		}
		members := 10
		for _, path := range paths {
			spec := graphtest.ChurnSpec{Resource: path, Creates: 3, Updates: 8, Deletes: 4, Restores: 2 * (round - 1), Members: &members, Seed: int64(round)}
			if path == "directoryRoles" {
				spec.Creates, spec.Deletes, spec.Restores = 1, 0, 0 // roles are activated, never deleted
			}
			if _, err := h.srv.Tenant().Churn(spec); err != nil {
				t.Fatalf("churn %s: %v", path, err)
			}
		}
	}
	entries := h.history()
	last := entries[len(entries)-1]
	if len(last.Streams) != len(paths) || last.Deletes() == 0 {
		t.Errorf("the last round recorded %d streams and %d deletes; want all %d resources' streams, with deletes", len(last.Streams), last.Deletes(), len(paths))
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
}
