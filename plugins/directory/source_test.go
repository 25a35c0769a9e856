package directory_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/directory"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// keys are each table's key columns.
var keys = map[string][]string{
	directory.Applications: {"id"}, directory.ServicePrincipals: {"id"}, directory.Devices: {"id"},
	directory.DirectoryRoles: {"id"}, directory.AdministrativeUnits: {"id"}, directory.PermissionGrants: {"id"},
	directory.DirectoryRoleMembers:      {"directoryRoleId", "memberId"},
	directory.AdministrativeUnitMembers: {"administrativeUnitId", "memberId"},
}

// start serves a small tenant with every directory object, in pages of 7.
func start(t *testing.T, seed int64) *graphtest.Server {
	return graphtest.Start(t, graphtest.Options{Seed: seed, Users: 40, Groups: 6, MembersPerGroup: 4, DirectoryPageSize: 7, LinksPerPage: 9,
		Directory: &graphtest.DirectoryObjects{Applications: 15, ServicePrincipals: 50, Devices: 30, DirectoryRoles: 12,
			AdministrativeUnits: 6, OAuth2PermissionGrants: 25}})
}

// assertMatches compares each table of the lake's current state with the
// emulator's, nested nulls and timestamps normalised on both sides.
func assertMatches(t *testing.T, r *sdktest.Runner, srv *graphtest.Server, tables []string, when string) {
	t.Helper()
	deep := func(rows []map[string]any) (out []any) {
		for _, row := range rows {
			out = append(out, sdktest.NormaliseDeep(row))
		}
		return out
	}
	for _, name := range tables {
		want, got := deep(sdktest.Truth(t, srv, name, keys[name]...)), deep(r.State(name))
		if len(want) == 0 {
			t.Fatalf("%s: the emulator's %s is empty; the test would prove nothing", when, name)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s, %s differs from the emulator's (-emulator +lake):\n%s", when, name, diff)
		}
	}
}

// allTables lists every table of the source.
func allTables() []string {
	var out []string
	for _, tb := range directory.New().Tables() {
		out = append(out, tb.Name)
	}
	return out
}

func TestRoundsOfChurnMatchTheEmulator(t *testing.T) {
	srv := start(t, 51)
	r := sdktest.New(t, srv, directory.New())
	first := r.Sync(`{}`)
	if len(first.Checkpoints) != 6 {
		t.Errorf("the first round ran %d streams, want one per resource (6)", len(first.Checkpoints))
	}
	slices := map[any]int{}
	for _, row := range first.Rows[directory.AdministrativeUnits] {
		slices[row["id"]]++
	}
	split := 0
	for _, n := range slices {
		if n > 1 {
			split++
		}
	}
	if split == 0 {
		t.Errorf("no unit of up to 20 members came in slices over pages of 9 links; the test does not cover slicing")
	}
	assertMatches(t, r, srv, allTables(), "after the first round")
	reasons := map[string]map[any]int{}
	for round, seed := range []int64{1, 2, 3} {
		for _, path := range []string{"applications", "servicePrincipals", "devices", "directoryRoles", "administrativeUnits", "oauth2PermissionGrants"} {
			// Restores come a round after deletions: churn restores the
			// objects it soft-deleted before.
			spec := graphtest.ChurnSpec{Resource: path, Creates: 2, Updates: 4, Deletes: 3, Restores: 2 * round, Members: ptr(6), Seed: seed}
			if path == "directoryRoles" {
				spec.Creates, spec.Deletes, spec.Restores = 1, 0, 0 // roles are activated, never deleted
			}
			if _, err := srv.Tenant().Churn(spec); err != nil {
				t.Fatalf("churn %s: %v", path, err)
			}
		}
		for table, rows := range r.Sync(`{}`).Rows {
			for _, row := range rows {
				if row["_op"] == "delete" {
					if reasons[table] == nil {
						reasons[table] = map[any]int{}
					}
					reasons[table][row["_removed_reason"]]++
				}
			}
		}
		assertMatches(t, r, srv, allTables(), fmt.Sprintf("after churn round %d", round+2))
	}
	for _, table := range []string{directory.Applications, directory.ServicePrincipals, directory.AdministrativeUnits} {
		if reasons[table]["changed"] == 0 {
			t.Errorf("%s tombstones by reason %v; want soft deletes (changed)", table, reasons[table])
		}
	}
	for _, table := range []string{directory.Devices, directory.PermissionGrants} {
		if reasons[table]["deleted"] == 0 || reasons[table]["changed"] != 0 {
			t.Errorf("%s tombstones by reason %v; want deletions for good only", table, reasons[table])
		}
	}
	for _, table := range []string{directory.DirectoryRoleMembers, directory.AdministrativeUnitMembers} {
		if reasons[table][nil]+reasons[table]["deleted"] == 0 {
			t.Errorf("%s: no membership removed in three rounds of churn (%v)", table, reasons[table])
		}
	}
}

// TestADeletedUnitTakesItsMembersWithIt: an administrative unit deleted
// between rounds leaves administrative_unit_members without its members
// (Graph sends only the unit's tombstone); restored, it brings them back.
// A user deleted for good leaves the roles it held.
func TestADeletedUnitTakesItsMembersWithIt(t *testing.T) {
	srv := start(t, 52)
	r := sdktest.New(t, srv, directory.New())
	r.Sync(`{}`)
	unit, user := "", ""
	inUnits := map[any]bool{}
	for _, m := range sdktest.Truth(t, srv, directory.AdministrativeUnitMembers) {
		unit = m["administrativeUnitId"].(string)
		inUnits[m["memberId"]] = true
	}
	for _, m := range sdktest.Truth(t, srv, directory.DirectoryRoleMembers) {
		if m["memberType"] == "user" && !inUnits[m["memberId"]] { // its deletion must touch no unit
			user = m["memberId"].(string)
		}
	}
	if unit == "" || user == "" {
		t.Fatalf("unit %q, user %q: want a unit with members and a role's user in no unit", unit, user)
	}
	must(t, srv.Tenant().Delete("administrativeUnits", unit, false))
	must(t, srv.Tenant().Delete("users", user, true))
	round := r.Sync(`{}`)
	if n := len(round.Rows[directory.AdministrativeUnitMembers]); n != 0 {
		t.Errorf("Graph sends no members@delta for a deleted unit, yet the round wrote %d rows", n)
	}
	for _, m := range r.State(directory.AdministrativeUnitMembers) {
		if m["administrativeUnitId"] == unit {
			t.Fatalf("the current state holds a membership of deleted unit %s: %v", unit, m)
		}
	}
	for _, m := range r.State(directory.DirectoryRoleMembers) {
		if m["memberId"] == user {
			t.Fatalf("user %s, deleted for good, still holds a role: %v", user, m)
		}
	}
	assertMatches(t, r, srv, allTables(), "after deleting a unit and a role holder")
	must(t, srv.Tenant().Restore("administrativeUnits", unit))
	r.Sync(`{}`)
	restored := 0
	for _, m := range r.State(directory.AdministrativeUnitMembers) {
		if m["administrativeUnitId"] == unit {
			restored++
		}
	}
	if restored == 0 {
		t.Errorf("the restored unit %s has no members in the lake", unit)
	}
	assertMatches(t, r, srv, allTables(), "after restoring the unit")
}

// TestTheResourcesAttributeChoosesStreams: resources limits the streams;
// a resource taken out has its stream ended, one added starts afresh.
func TestTheResourcesAttributeChoosesStreams(t *testing.T) {
	srv := start(t, 53)
	r := sdktest.New(t, srv, directory.New())
	streams := func(round sdktest.Round) map[string]string {
		out := map[string]string{}
		for _, cp := range round.Checkpoints {
			out[cp.Stream] = string(cp.Mode) + "/" + string(cp.Status)
		}
		return out
	}
	got := streams(r.Sync(`{"resources": ["devices", "directory_roles"]}`))
	if diff := cmp.Diff(map[string]string{"devices": "initial/ok", "directoryRoles": "initial/ok"}, got); diff != "" {
		t.Errorf("streams of the first round (-want +got):\n%s", diff)
	}
	assertMatches(t, r, srv, []string{directory.Devices, directory.DirectoryRoles, directory.DirectoryRoleMembers}, "after the first round")
	if n := len(r.State(directory.Applications)); n != 0 {
		t.Errorf("applications, not chosen, holds %d rows", n)
	}
	got = streams(r.Sync(`{"resources": ["directory_roles", "oauth2_permission_grants"]}`))
	want := map[string]string{"devices": "incremental/ended", "directoryRoles": "incremental/ok", "oauth2PermissionGrants": "initial/ok"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("streams after swapping devices for grants (-want +got):\n%s", diff)
	}
	assertMatches(t, r, srv, []string{directory.PermissionGrants, directory.DirectoryRoleMembers}, "after swapping devices for grants")
}

func TestConfigDiagnostics(t *testing.T) {
	for _, tc := range []struct{ name, config, attribute string }{
		{"an unknown attribute is refused", `{"select": ["displayName"]}`, "select"},
		{"an unknown resource is refused", `{"resources": ["applications", "servicePrincipals"]}`, "resources"},
		{"an empty list is refused", `{"resources": []}`, "resources"},
		{"resources must be a list", `{"resources": "devices"}`, "resources"},
		{"all by default", `{}`, ""},
		{"a good list passes", `{"resources": ["service_principals", "administrative_units"]}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := directory.New().ValidateConfig(t.Context(), []byte(tc.config))
			if (tc.attribute == "") != (len(diags) == 0) || len(diags) > 0 && diags[0].Attribute != tc.attribute {
				t.Fatalf("diagnostics %+v, want an error on %q (none when empty)", diags, tc.attribute)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
