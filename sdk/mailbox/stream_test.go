package mailbox_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/mailbox"
	"github.com/graphlake/graphlake/sdk/sdktest"
	"github.com/graphlake/graphlake/sdk/table"
)

// inboxSource declares "per mailbox, one stream": each mailbox's Inbox
// messages, as a calendar source declares its events.
type inboxSource struct{}

func (inboxSource) Tables() []table.Table {
	s := table.String()
	return []table.Table{{Name: "inbox", Key: []string{"userId", "id"}, ShardKey: "userId",
		Columns: []table.Column{{Name: "userId", Type: s}, {Name: "id", Type: s}, {Name: "subject", Type: s}}}}
}

func (inboxSource) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	var s mailbox.Settings
	if diags := sdk.DecodeConfig(req.Config, &s); sdk.HasErrors(diags) {
		return sdk.DiagnosticsError(diags)
	}
	s.Defaults()
	return mailbox.Run(ctx, req, emit, s, mailbox.Stream{Name: "inbox", Table: "inbox",
		Path: "/mailFolders/inbox/messages/delta?$select=subject", Prefer: []string{`IdType="ImmutableId"`}})
}

// TestOneStreamPerMailbox runs a Stream resource over a tenant where some
// users have no mailbox: every mailbox's stream writes its rows with
// userId, users without one are skipped, and a user deleted since the
// last round has its stream ended, which takes its rows out of the lake,
// although its mailbox started ahead of the round's (slow) listing.
func TestOneStreamPerMailbox(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 5, Users: 4, Mailboxes: 2, FoldersPerMailbox: 2, MessagesPerFolder: 3})
	inbox := map[string]bool{}
	for _, f := range sdktest.Truth(t, srv, "mail_folders") {
		if f["displayName"] == "Inbox" {
			inbox[f["id"].(string)] = true
		}
	}
	truth := func() []string {
		var keys []string
		for _, m := range sdktest.Truth(t, srv, "messages") {
			if inbox[m["parentFolderId"].(string)] {
				keys = append(keys, fmt.Sprint(m["userId"], "/", m["id"]))
			}
		}
		sort.Strings(keys)
		return keys
	}
	r := sdktest.New(t, srv, inboxSource{})
	lakeKeys := func() []string {
		var keys []string
		for _, m := range r.State("inbox") {
			keys = append(keys, fmt.Sprint(m["userId"], "/", m["id"]))
		}
		sort.Strings(keys)
		return keys
	}
	out := r.Sync(`{}`)
	if len(out.Checkpoints) != 2 {
		t.Errorf("round 1: %d checkpoints, want one per mailbox: %+v", len(out.Checkpoints), out.Checkpoints)
	}
	want := truth()
	if len(want) == 0 {
		t.Fatal("the emulator's inboxes are empty")
	}
	if diff := cmp.Diff(want, lakeKeys()); diff != "" {
		t.Fatalf("round 1: lake differs from the emulator (-emulator +lake):\n%s", diff)
	}
	gone, _, _ := strings.Cut(want[0], "/")
	if err := srv.Tenant().Delete("users", gone, true); err != nil {
		t.Fatal(err)
	}
	// A slow listing: the mailboxes of round 1, the deleted user's
	// included, start ahead of it, and what they send waits for it.
	if err := srv.SetFaults(graphtest.FaultConfig{Seed: 1, Rules: []graphtest.FaultRule{
		{Kind: "slow", Match: "top=999", Delay: graphtest.FaultDuration(300 * time.Millisecond)}}}); err != nil {
		t.Fatal(err)
	}
	out = r.Sync(`{}`)
	var ended []string
	for _, cp := range out.Checkpoints {
		if cp.Status == sdk.StatusEnded {
			ended = append(ended, cp.Stream)
		}
	}
	if diff := cmp.Diff([]string{gone + "/inbox"}, ended); diff != "" {
		t.Errorf("round 2: ended streams (-want +got):\n%s", diff)
	}
	var left []string
	for _, k := range want {
		if !strings.HasPrefix(k, gone+"/") {
			left = append(left, k)
		}
	}
	if diff := cmp.Diff(left, lakeKeys()); diff != "" {
		t.Errorf("round 2: the deleted user's rows stay (-want +lake):\n%s", diff)
	}
}
