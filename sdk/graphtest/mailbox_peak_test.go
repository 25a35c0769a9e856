package graphtest_test

import (
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestMailboxLoadCountsARequestOverTheLimit(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 18, Users: 3, Mailboxes: 2, FoldersPerMailbox: 1, MessagesPerFolder: 1})
	c := newClient(t, srv)
	users := c.state("users")
	busy, other := users[0]["id"].(string), users[1]["id"].(string)
	must(t, srv.SetFaults(graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "slow", Match: "/mailFolders", Delay: graphtest.FaultDuration(300 * time.Millisecond)}}}))
	done := make(chan int, 7)
	for i := range 7 {
		go func() {
			user := busy
			if i == 6 {
				user = other
			}
			done <- c.get(srv.GraphURL() + "/users/" + user + "/mailFolders/delta").status
		}()
	}
	for range 7 {
		<-done
	}
	got := srv.MailboxLoad()
	want := graphtest.MailboxLoad{Peak: 5, PeakMailbox: busy, Mailboxes: 2, Throttled: 2}
	if got != want {
		t.Errorf("MailboxLoad() = %+v, want %+v", got, want)
	}
	srv.ResetMailboxLoad()
	if got := srv.MailboxLoad(); got != (graphtest.MailboxLoad{}) {
		t.Errorf("after ResetMailboxLoad: %+v", got)
	}
}
