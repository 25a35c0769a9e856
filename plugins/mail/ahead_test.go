package mail_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestMailboxesStartAheadOfTheListing: in a round after the first, the
// mailboxes the last round synced send their requests before the listing
// of users has answered (a slow listing, as a large tenant's first page
// against Graph); those it lists end every stream ok, and the mailbox of a
// user deleted since, which started ahead too, sends nothing but its
// sweep: its streams end and its rows leave the lake. With one mailbox at
// a time, the one started ahead holds the pool's only place until the
// listing names it, and the round still ends.
func TestMailboxesStartAheadOfTheListing(t *testing.T) {
	for _, tt := range []struct {
		config string
		// atOnce is how many mailboxes may run at once.
		atOnce int
	}{
		{`{}`, mailboxesAhead},
		{`{"concurrency": 1}`, 1},
	} {
		t.Run(tt.config, func(t *testing.T) { startAheadOfTheListing(t, tt.config, tt.atOnce) })
	}
}

// mailboxesAhead is how many mailboxes startAheadOfTheListing's tenant has.
const mailboxesAhead = 5

func startAheadOfTheListing(t *testing.T, config string, atOnce int) {
	const mailboxes, listingDelay = mailboxesAhead, time.Second
	srv := graphtest.Start(t, graphtest.Options{Seed: 11, Users: mailboxes, Mailboxes: mailboxes, FoldersPerMailbox: 2, MessagesPerFolder: 2})
	r := sdktest.New(t, srv, mail.New())
	first := r.Sync(config)
	gone, _, _ := strings.Cut(first.Checkpoints[0].Stream, "/")
	if err := srv.Tenant().Delete("users", gone, true); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetFaults(graphtest.FaultConfig{Seed: 1, Rules: []graphtest.FaultRule{
		{Kind: "slow", Match: "top=999", Delay: graphtest.FaultDuration(listingDelay)}}}); err != nil {
		t.Fatal(err)
	}
	before := srv.RequestCounts()["graph"]
	early := make(chan int64, 1)
	go func() {
		time.Sleep(listingDelay / 2)
		early <- srv.RequestCounts()["graph"] - before
	}()
	second := r.Sync(config)
	// The listing, and at least the folders stream of each mailbox that
	// may run.
	if n := <-early; n < int64(1+atOnce) {
		t.Errorf("%d Graph requests while the listing was unanswered, want the listing and at least one per mailbox running (%d): the mailboxes waited for the listing", n, 1+atOnce)
	}
	streams := 0
	for _, cp := range first.Checkpoints {
		if !strings.HasPrefix(cp.Stream, gone+"/") {
			streams++
		}
	}
	ok := 0
	for _, cp := range second.Checkpoints {
		deleted := strings.HasPrefix(cp.Stream, gone+"/")
		switch {
		case deleted && cp.Status != sdk.StatusEnded:
			t.Errorf("stream %s of the deleted user's mailbox ended %s (%s), want only its sweep's %s", cp.Stream, cp.Status, cp.Error, sdk.StatusEnded)
		case !deleted && cp.Status != sdk.StatusOK:
			t.Errorf("stream %s ended %s: %s", cp.Stream, cp.Status, cp.Error)
		case !deleted:
			ok++
		}
	}
	if ok != streams {
		t.Errorf("%d streams ok in the second round, want the first round's %d of the users still listed", ok, streams)
	}
	for _, table := range []string{"messages", "mail_folders"} {
		for _, row := range r.State(table) {
			if row["userId"] == gone {
				t.Errorf("table %s keeps a row of the deleted user's mailbox: %v", table, row["id"])
			}
		}
	}
}

// TestFolderItemsStartWithTheFoldersStream: in a round after the first,
// the items streams of a mailbox's known folders send their requests
// while its folders stream is still unanswered (slowed to a second here),
// and the stream of a folder deleted since, which started too, sends
// nothing but its end: no failure of its 404, and its messages leave the
// lake.
func TestFolderItemsStartWithTheFoldersStream(t *testing.T) {
	const mailboxes, foldersDelay = 2, time.Second
	srv := graphtest.Start(t, graphtest.Options{Seed: 13, Users: mailboxes, Mailboxes: mailboxes, FoldersPerMailbox: 3, MessagesPerFolder: 2})
	r := sdktest.New(t, srv, mail.New())
	first := r.Sync(`{}`)
	var user, folder string
	for _, cp := range first.Checkpoints {
		if u, f, _ := strings.Cut(cp.Stream, "/"); f != "folders" && f != "folders/tree" {
			user, folder = u, f
			break
		}
	}
	if err := srv.Tenant().DeleteFolder(user, folder); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetFaults(graphtest.FaultConfig{Seed: 1, Rules: []graphtest.FaultRule{
		{Kind: "slow", Match: "mailFolders/delta", Delay: graphtest.FaultDuration(foldersDelay)}}}); err != nil {
		t.Fatal(err)
	}
	before := srv.RequestCounts()["graph"]
	early := make(chan int64, 1)
	go func() {
		time.Sleep(foldersDelay / 2)
		early <- srv.RequestCounts()["graph"] - before
	}()
	second := r.Sync(`{}`)
	// The listing, each mailbox's folders stream and at least one of its
	// items streams.
	if n := <-early; n < 1+2*mailboxes {
		t.Errorf("%d Graph requests while the folders streams were unanswered, want the listing, the folders streams and items streams beside them (%d at least): the items waited for the folders", n, 1+2*mailboxes)
	}
	deleted := user + "/" + folder
	for _, cp := range second.Checkpoints {
		switch {
		case cp.Stream == deleted && cp.Status != sdk.StatusEnded:
			t.Errorf("the deleted folder's stream ended %s (%s), want only %s", cp.Status, cp.Error, sdk.StatusEnded)
		case cp.Stream != deleted && cp.Status != sdk.StatusOK:
			t.Errorf("stream %s ended %s: %s", cp.Stream, cp.Status, cp.Error)
		}
	}
	for _, row := range r.State("messages") {
		if row["userId"] == user && row["folderId"] == folder {
			t.Errorf("the deleted folder's message %v stays in the lake", row["id"])
		}
	}
}

// TestAMailboxLeftOutSendsOnlyItsSweep: a mailbox the last round synced
// and this round's list leaves out starts ahead of the (slow) lookups of
// the listed names, and its folders stream answers long before they end;
// its items streams, kept by its folders stream, still wait for the
// listing, which drops them: its streams only end.
func TestAMailboxLeftOutSendsOnlyItsSweep(t *testing.T) {
	const mailboxes, lookupDelay = 4, 500 * time.Millisecond
	srv := graphtest.Start(t, graphtest.Options{Seed: 14, Users: mailboxes, Mailboxes: mailboxes, FoldersPerMailbox: 2, MessagesPerFolder: 1})
	users := sdktest.Truth(t, srv, "users")
	names := make([]string, len(users))
	for i, u := range users {
		names[i] = u["userPrincipalName"].(string)
	}
	config := func(names []string) string {
		b, err := json.Marshal(map[string]any{"mailboxes": names})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	r := sdktest.New(t, srv, mail.New())
	r.Sync(config(names))
	left := users[len(users)-1]["id"].(string)
	if err := srv.SetFaults(graphtest.FaultConfig{Seed: 1, Rules: []graphtest.FaultRule{
		{Kind: "slow", Match: "@", Delay: graphtest.FaultDuration(lookupDelay)}}}); err != nil {
		t.Fatal(err)
	}
	out := r.Sync(config(names[:len(names)-1]))
	ended := 0
	for _, cp := range out.Checkpoints {
		if !strings.HasPrefix(cp.Stream, left+"/") {
			continue
		}
		if cp.Status != sdk.StatusEnded {
			t.Errorf("stream %s of the mailbox left out ended %s, want only its sweep's %s", cp.Stream, cp.Status, sdk.StatusEnded)
		}
		ended++
	}
	if ended == 0 {
		t.Errorf("no stream of the mailbox left out ended")
	}
}

// TestMailboxesStartBeforeTheLastPageOfStates: the host sends the prior
// states in id order, a page at a time (each page after the first slowed
// to half a second here, as a large lake's are); a mailbox whose states
// the first page holds sends its requests before the last page comes,
// rather than after every state was read, and the round ends as one that
// waited would.
func TestMailboxesStartBeforeTheLastPageOfStates(t *testing.T) {
	const mailboxes, pageDelay = 6, 500 * time.Millisecond
	srv := graphtest.Start(t, graphtest.Options{Seed: 15, Users: mailboxes, Mailboxes: mailboxes, FoldersPerMailbox: 2, MessagesPerFolder: 1})
	r := sdktest.New(t, srv, mail.New())
	first := r.Sync(`{}`)
	if pages := (len(first.Checkpoints) + 6) / 7; pages < 3 {
		t.Fatalf("%d states make %d pages: the test needs three at least", len(first.Checkpoints), pages)
	}
	before := srv.RequestCounts()["graph"]
	early := make(chan int64, 1)
	go func() {
		time.Sleep(pageDelay * 4 / 5)
		early <- srv.RequestCounts()["graph"] - before
	}()
	second := r.Sync(`{}`, sdktest.SlowStates(pageDelay))
	// The listing, the first mailbox's folders stream and an items
	// stream beside it.
	if n := <-early; n < 3 {
		t.Errorf("%d Graph requests before the second page of states came, want the listing and the first mailbox's (3 at least): the mailboxes waited for every state", n)
	}
	if len(second.Checkpoints) != len(first.Checkpoints) {
		t.Errorf("%d checkpoints in the second round, want the first round's %d", len(second.Checkpoints), len(first.Checkpoints))
	}
	for _, cp := range second.Checkpoints {
		if cp.Status != sdk.StatusOK {
			t.Errorf("stream %s ended %s: %s", cp.Stream, cp.Status, cp.Error)
		}
	}
}
