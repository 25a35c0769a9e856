package main

import (
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// streamsByID indexes an entry's streams.
func streamsByID(e *manifest.Committed) map[string]manifest.Stream {
	out := map[string]manifest.Stream{}
	for _, s := range e.Streams {
		out[s.Stream] = s
	}
	return out
}

func TestMailPartialFailureFailsOnlyItsStreams(t *testing.T) {
	srv := graphtest.Options{Seed: 22, Users: 4, Mailboxes: 4, FoldersPerMailbox: 9, MessagesPerFolder: 6}
	h := newHarness(t, srv, "")
	users := h.emulatorState("users")
	refused, other, lost := users[0], users[1], users[2]
	// Mailboxes by principal name and by id: streams are named by id.
	h.writePipeline(`source "mail" {
    mailboxes = ["` + refused["userPrincipalName"].(string) + `", "` + other["id"].(string) + `", "` + lost["userPrincipalName"].(string) + `"]
    select    = ` + allMessageProperties + `
  }`)
	ids := []string{refused["id"].(string), other["id"].(string), lost["id"].(string)}
	h.mustRun()
	h.assertMailMatches(1, ids...)
	round1 := streamsByID(h.history()[0])

	var folder string
	for _, f := range h.emulatorState("mail_folders") {
		if f["userId"] == lost["id"] && f["displayName"] == "Projects" {
			folder = f["id"].(string)
		}
	}
	if err := h.srv.SetFaults(graphtest.FaultConfig{Rules: []graphtest.FaultRule{
		{Kind: "forbidden", Match: "/users/" + refused["id"].(string) + "/", Code: "ErrorQuotaExceeded"},
		{Kind: "not_found", Match: folder},
	}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "messages", Creates: 10, Updates: 10, Deletes: 4, Moves: 6, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	res := h.etl("run", h.pipeline)
	if res.code != 3 {
		t.Fatalf("etl run exited %d, want 3 (some streams failed)\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	round2 := streamsByID(h.history()[1])
	for id, s := range round2 {
		var wantErr string
		switch {
		case id == lost["id"].(string)+"/"+folder:
			wantErr = "404 ErrorSyncFolderNotFound"
		case id == refused["id"].(string)+"/folders":
			wantErr = "403 ErrorQuotaExceeded"
		case strings.HasPrefix(id, refused["id"].(string)+"/"):
			wantErr = "not run: the mailbox's folders stream failed"
		}
		switch {
		case wantErr == "" && s.Status != "ok":
			t.Errorf("round 2: stream %s is %s (%s), want ok", id, s.Status, s.Error)
		case wantErr != "" && (s.Status != "failed" || !strings.Contains(s.Error, wantErr)):
			t.Errorf("round 2: stream %s is %s (%q), want failed with %q", id, s.Status, s.Error, wantErr)
		case wantErr != "" && (s.DeltaLink != "" || s.EndLinkSHA256 != round1[id].EndLinkSHA256):
			t.Errorf("round 2: failed stream %s records a new deltaLink or another link's hash than round 1's", id)
		}
	}

	h.srv.ClearFaults()
	h.mustRun()
	h.assertMailMatches(3, ids...)
	for id, s := range streamsByID(h.history()[2]) {
		if round2[id].Status == "failed" && (s.Mode != "incremental" || s.StartLinkSHA256 != round1[id].EndLinkSHA256) {
			t.Errorf("round 3: stream %s ran %s from %s, want incremental from round 1's link %s", id, s.Mode, s.StartLinkSHA256, round1[id].EndLinkSHA256)
		}
	}
}

func TestMailHundredsOfMailboxesUnderThrottlingHoldTheMailboxLimit(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 23, Users: 300, Mailboxes: 300, FoldersPerMailbox: 3, MessagesPerFolder: 3},
		`source "mail" {
    concurrency = 64
    page_size   = 2
  }`)
	if err := h.srv.SetFaults(graphtest.FaultConfig{Seed: 3, Rules: []graphtest.FaultRule{
		{Kind: "throttle", Match: "/mailFolders", Rate: 0.05, RetryAfter: ptr(0.05)},
		{Kind: "slow", Match: "/mailFolders", Rate: 0.2, Delay: graphtest.FaultDuration(20 * time.Millisecond)},
	}}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	h.mustRun()
	t.Logf("one round of 300 mailboxes, 1,200 streams, under throttling: %v", time.Since(start))
	load := h.srv.MailboxLoad()
	if load.Peak > 4 || load.Throttled > 0 || load.Mailboxes != 300 {
		t.Errorf("mailbox load %+v: want at most 4 requests in flight per mailbox, none refused, 300 mailboxes", load)
	}
	entry := h.history()[0]
	ok := 0
	for _, s := range entry.Streams {
		if s.Status == "ok" {
			ok++
		} else {
			t.Errorf("stream %s: %s %s", s.Stream, s.Status, s.Error)
		}
	}
	if ok != 300*4 {
		t.Errorf("%d streams ok, want 1,200 (300 folders streams, 900 messages streams)", ok)
	}
	if counts := h.srv.RequestCounts(); counts["graph"] <= counts["mailFolders.delta"]+counts["messages.delta"] {
		t.Errorf("request counts %v: the injected throttling did not fire", counts)
	}
}

func ptr[T any](v T) *T { return &v }
