package users_test

import (
	"strings"
	"testing"

	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// resyncModes are the ways the emulator discards a sync state, as Graph
// does (see graphtest's ExpireDeltaTokens).
var resyncModes = []string{"syncStateNotFound", "syncStateInvalid", "resyncRequired", "location"}

// TestEveryWayGraphDiscardsTheSyncStateResyncsAndSweeps: whichever way
// Graph discards the sync state, the round reads everything again, says
// why, tombstones the users deleted in the gap (reason resync), and the
// lake equals the emulator; the next round is incremental again.
func TestEveryWayGraphDiscardsTheSyncStateResyncsAndSweeps(t *testing.T) {
	for _, mode := range resyncModes {
		t.Run(mode, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 63, Users: 40, DirectoryPageSize: 15})
			r := sdktest.New(t, srv, users.New())
			cfg := allProperties(t)
			r.Sync(cfg)
			if _, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "users", Creates: 3, Updates: 5, Deletes: 6, Seed: 1}); err != nil {
				t.Fatal(err)
			}
			if err := srv.ExpireDeltaTokens(mode); err != nil {
				t.Fatal(err)
			}
			round := r.Sync(cfg)
			if len(round.Checkpoints) == 0 {
				t.Fatal("the round after the tokens expired sent no checkpoint")
			}
			for _, cp := range round.Checkpoints {
				if cp.Status != sdk.StatusOK || cp.Mode != sdk.ModeResync || !strings.Contains(cp.Reason, "Graph discarded the sync state") {
					t.Errorf("stream %s: status %s, mode %s, reason %q; want an ok resync that says Graph discarded the sync state", cp.Stream, cp.Status, cp.Mode, cp.Reason)
				}
			}
			swept := 0
			for _, row := range round.Rows[users.TableName] {
				if row["_op"] == "delete" && row["_removed_reason"] == sdk.RemovedResync {
					swept++
				}
			}
			if swept != 6 {
				t.Errorf("the resync round tombstoned %d users as %s, want the 6 deleted in the gap", swept, sdk.RemovedResync)
			}
			assertMatches(t, r, srv, "after the resync")

			if _, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "users", Updates: 3, Deletes: 2, Seed: 2}); err != nil {
				t.Fatal(err)
			}
			for _, cp := range r.Sync(cfg).Checkpoints {
				if cp.Status != sdk.StatusOK || cp.Mode != sdk.ModeIncremental {
					t.Errorf("the round after the resync: stream %s %s in mode %s, want ok and incremental", cp.Stream, cp.Status, cp.Mode)
				}
			}
			assertMatches(t, r, srv, "after the round after the resync")
		})
	}
}
