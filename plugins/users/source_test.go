package users_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// allProperties selects every user property the emulator keeps.
func allProperties(t *testing.T) string {
	t.Helper()
	var sel []string
	for _, c := range users.Table().Columns {
		switch c.Name {
		case "id":
		case "managerId":
			sel = append(sel, "manager")
		default:
			sel = append(sel, c.Name)
		}
	}
	raw, err := json.Marshal(users.Config{Select: sel})
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func assertMatches(t *testing.T, r *sdktest.Runner, srv *graphtest.Server, when string) {
	t.Helper()
	if diff := cmp.Diff(sdktest.Truth(t, srv, "users", "id"), r.State(users.TableName)); diff != "" {
		t.Fatalf("%s, users differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
}

// TestRemovedUsersInTheInitialRoundAreHarmlessTombstones: Graph may list
// removed users as "@removed" items in an initial round. They become
// tombstones of rows the lake never held, with Graph's reasons, and the
// lake still equals the emulator, then and after churn.
func TestRemovedUsersInTheInitialRoundAreHarmlessTombstones(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 61, Users: 80, DirectoryPageSize: 15,
		Variants: []graphtest.Variant{graphtest.InitialRemovals}})
	r := sdktest.New(t, srv, users.New())
	cfg := allProperties(t)
	first := r.Sync(cfg)
	reasons := map[any]int{}
	for _, row := range first.Rows[users.TableName] {
		if row["_op"] == "delete" {
			reasons[row["_removed_reason"]]++
		}
	}
	if reasons["changed"] == 0 || reasons["deleted"] == 0 {
		t.Errorf("the initial round's tombstones by reason = %v, want soft-deleted (changed) and deleted users", reasons)
	}
	for _, cp := range first.Checkpoints {
		if cp.Status != sdk.StatusOK || cp.Mode != "initial" || cp.Deletes == 0 {
			t.Errorf("stream %s: status %v, mode %s, %d deletes; want an ok initial round with deletes", cp.Stream, cp.Status, cp.Mode, cp.Deletes)
		}
	}
	assertMatches(t, r, srv, "after the initial round")
	for i, spec := range []graphtest.ChurnSpec{
		{Resource: "users", Creates: 4, Updates: 20, Deletes: 6, Restores: 2, Seed: 1},
		{Resource: "users", Updates: 20, Deletes: 4, Restores: 3, Seed: 2},
	} {
		if _, err := srv.Tenant().Churn(spec); err != nil {
			t.Fatal(err)
		}
		r.Sync(cfg)
		assertMatches(t, r, srv, fmt.Sprintf("after churn round %d", i+1))
	}
}

// TestAManagerRemovedBeforeAResyncLeavesTheLake: a full round shows a user
// without a manager with no manager@delta at all, so after a resync the
// manager removed in the gap must leave the lake, not stay from before.
func TestAManagerRemovedBeforeAResyncLeavesTheLake(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 62, Users: 30})
	r := sdktest.New(t, srv, users.New())
	cfg := allProperties(t)
	r.Sync(cfg)
	var id string
	for _, u := range sdktest.Truth(t, srv, "users", "id") {
		if u["managerId"] != nil {
			id = u["id"].(string)
			break
		}
	}
	if err := srv.Tenant().SetManager(id, ""); err != nil {
		t.Fatal(err)
	}
	if err := srv.ExpireDeltaTokens("syncStateNotFound"); err != nil {
		t.Fatal(err)
	}
	round := r.Sync(cfg)
	if cp := round.Checkpoints[0]; cp.Mode != "resync" {
		t.Fatalf("the round after expiring the tokens ran in mode %s, want resync", cp.Mode)
	}
	assertMatches(t, r, srv, "after a resync that followed removing a manager")
}
