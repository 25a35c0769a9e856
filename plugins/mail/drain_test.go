package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/mailbox"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestADrainingMailboxGivesBackItsPlaces: under max_concurrency 8 the
// pool runs two mailboxes of four places each, beside the two started
// ahead of the listing. One folder of every mailbox answers slowly (5 s):
// a mailbox whose other streams have ended waits on it with one place and
// gives the other three back, so the other mailboxes start meanwhile, and
// all six slow requests are in flight at once. A mailbox that held its
// four places to its end kept the last two waiting: four at once.
func TestADrainingMailboxGivesBackItsPlaces(t *testing.T) {
	const mailboxes, slow = 6, 5 * time.Second
	srv := graphtest.Start(t, graphtest.Options{Seed: 13, Users: mailboxes, Mailboxes: mailboxes, FoldersPerMailbox: 3, MessagesPerFolder: 1})
	r := sdktest.New(t, srv, mail.New())
	const config = `{"max_concurrency": 8, "batch_size": 1}` // every request alone, as the emulator counts them
	first := r.Sync(config)
	var rules []graphtest.FaultRule
	slowed := map[string]bool{}
	for _, cp := range first.Checkpoints {
		user, folder, _ := strings.Cut(cp.Stream, "/")
		if folder != mailbox.FoldersStream && folder != mailbox.TreeStream && !slowed[user] {
			slowed[user] = true
			rules = append(rules, graphtest.FaultRule{Kind: "slow", Match: "mailFolders('" + folder + "')", Delay: graphtest.FaultDuration(slow)})
		}
	}
	if len(rules) != mailboxes {
		t.Fatalf("%d mailboxes with folders, want %d", len(rules), mailboxes)
	}
	if err := srv.SetFaults(graphtest.FaultConfig{Seed: 1, Rules: rules}); err != nil {
		t.Fatal(err)
	}
	peak := make(chan int64, 1)
	go func() {
		// The fast requests are answered well before a third of the
		// slow delay; the slow ones are in flight until its end. The
		// window closes just before the first slow answer can come: the
		// last mailbox's slow request may start late on a loaded machine
		// (with a 3 s delay and a window of half of it, one run in a
		// parallel test of every package saw five at once).
		time.Sleep(slow / 3)
		var most int64
		for end := time.Now().Add(slow*9/10 - slow/3); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
			most = max(most, srv.InFlight())
		}
		peak <- most
	}()
	r.Sync(config)
	if got := <-peak; got < mailboxes {
		t.Errorf("at most %d requests in flight while every mailbox's slow folder was, want the %d slow ones at once: the mailboxes waiting on them kept their places", got, mailboxes)
	}
}
