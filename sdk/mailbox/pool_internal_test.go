package mailbox

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
)

// TestPoolFollowsAGrowingLimit: when the limit grows while every running
// mailbox is still busy (the adaptive request limit climbs with each
// answer, long before a mailbox's four round trips end), the waiting
// mailbox starts without waiting for one to end.
func TestPoolFollowsAGrowingLimit(t *testing.T) {
	var limit atomic.Int64
	limit.Store(1)
	g, ctx := errgroup.WithContext(context.Background())
	pool := newMailboxPool(g, func() int { return int(limit.Load()) })
	release, second := make(chan struct{}), make(chan struct{})
	pool.Go(ctx, func() error { <-release; return nil })
	go func() {
		time.Sleep(20 * time.Millisecond)
		limit.Store(2)
	}()
	started := make(chan struct{})
	go func() {
		pool.Go(ctx, func() error { close(second); return nil })
		close(started)
	}()
	select {
	case <-second:
	case <-time.After(2 * time.Second):
		t.Error("the second mailbox did not start when the limit grew to 2")
	}
	close(release)
	<-started
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
}

// TestMailboxLimitSharesTheRequestLimit: in the adaptive mode a Folders
// mailbox counts for the streams it runs at once, a Stream mailbox for
// one; a configured concurrency is taken as it is.
func TestMailboxLimitSharesTheRequestLimit(t *testing.T) {
	adaptive := func() int { return 2048 }
	tests := []struct {
		name string
		res  Resource
		s    Settings
		want int
	}{
		{"folders, four streams at once", &Folders{}, Settings{MailboxConcurrency: 4}, 512},
		{"folders, one stream at a time", &Folders{}, Settings{MailboxConcurrency: 1}, 2048},
		{"one stream per mailbox", Stream{}, Settings{MailboxConcurrency: 4}, 2048},
		{"a configured concurrency", &Folders{}, Settings{Concurrency: 10, MailboxConcurrency: 4}, 10},
	}
	for _, tt := range tests {
		if got := mailboxLimit(tt.res, tt.s, adaptive)(); got != tt.want {
			t.Errorf("%s: %d mailboxes at once, want %d", tt.name, got, tt.want)
		}
	}
	if got := mailboxLimit(&Folders{}, Settings{MailboxConcurrency: 4}, func() int { return 2 })(); got != 1 {
		t.Errorf("a limit of 2 requests: %d mailboxes at once, want at least 1", got)
	}
}
