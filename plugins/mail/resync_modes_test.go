package mail_test

import (
	"strings"
	"testing"

	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestEveryWayGraphDiscardsTheSyncStateResyncsAndSweeps: whichever way
// Graph (Outlook here) discards the sync state, every stream of the round
// reads everything again and says why, the messages deleted in the gap
// get tombstones (reason resync), and the lake equals the emulator; the
// next round is incremental again.
func TestEveryWayGraphDiscardsTheSyncStateResyncsAndSweeps(t *testing.T) {
	for _, mode := range []string{"syncStateNotFound", "syncStateInvalid", "resyncRequired", "location"} {
		t.Run(mode, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 64, Users: 2, Mailboxes: 2, FoldersPerMailbox: 3, MessagesPerFolder: 8})
			r := sdktest.New(t, srv, mail.New())
			cfg := config(t, nil, nil)
			r.Sync(cfg)
			if _, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "messages", Creates: 4, Updates: 4, Deletes: 8, Moves: 4, Seed: 4}); err != nil {
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
			for _, row := range round.Rows[mail.MessagesTable] {
				if row["_op"] == "delete" && row["_removed_reason"] == sdk.RemovedResync {
					swept++
				}
			}
			if swept == 0 {
				t.Errorf("the resync round tombstoned no message as %s; messages were deleted in the gap", sdk.RemovedResync)
			}
			assertMail(t, r, srv, nil, nil, "after the resync")

			if _, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "messages", Updates: 3, Deletes: 2, Seed: 5}); err != nil {
				t.Fatal(err)
			}
			for _, cp := range r.Sync(cfg).Checkpoints {
				if cp.Status != sdk.StatusOK || cp.Mode != sdk.ModeIncremental {
					t.Errorf("the round after the resync: stream %s %s in mode %s, want ok and incremental", cp.Stream, cp.Status, cp.Mode)
				}
			}
			assertMail(t, r, srv, nil, nil, "after the round after the resync")
		})
	}
}

// TestARefusedDeltaTokenResyncsItsStream: Graph has answered a delta
// token it issued itself with 400 BadRequest "Parameter 'DeltaToken' not
// supported for this request." (GRAPH-DELTA.md §6.20). The stream reads
// its folder again from its first URL, says why, and the lake equals the
// emulator; without that, the stream would fail on every round.
func TestARefusedDeltaTokenResyncsItsStream(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 65, Users: 2, Mailboxes: 2, FoldersPerMailbox: 3, MessagesPerFolder: 8})
	r := sdktest.New(t, srv, mail.New())
	cfg := config(t, nil, nil)
	r.Sync(cfg)
	if _, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "messages", Creates: 4, Updates: 4, Deletes: 4, Seed: 6}); err != nil {
		t.Fatal(err)
	}
	// The first deltaLink of a messages stream is refused, once.
	if err := srv.SetFaults(graphtest.FaultConfig{Seed: 1, Rules: []graphtest.FaultRule{
		{Kind: "delta_token_refused", Match: "/messages/delta?$deltatoken=", Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.ClearFaults)
	resynced := 0
	for _, cp := range r.Sync(cfg).Checkpoints {
		if cp.Status != sdk.StatusOK {
			t.Errorf("stream %s: status %s (%s), want ok", cp.Stream, cp.Status, cp.Error)
		}
		if cp.Mode == sdk.ModeResync {
			resynced++
			if !strings.Contains(cp.Reason, "400 BadRequest") {
				t.Errorf("stream %s resynced for %q, want the refused token's 400 BadRequest named", cp.Stream, cp.Reason)
			}
		}
	}
	if resynced != 1 {
		t.Errorf("%d streams resynced, want the one whose deltaLink was refused", resynced)
	}
	assertMail(t, r, srv, nil, nil, "after the refused deltaLink")
}
