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
	pool := newMailboxPool(g, func() int { return int(limit.Load()) }, 1)
	release, second := make(chan struct{}), make(chan struct{})
	pool.Go(ctx, func(func(int)) error { <-release; return nil })
	go func() {
		time.Sleep(20 * time.Millisecond)
		limit.Store(2)
	}()
	started := make(chan struct{})
	go func() {
		pool.Go(ctx, func(func(int)) error { close(second); return nil })
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
// mailbox takes a place for each stream it runs at once, a Stream mailbox
// one, out of the request limit; a configured concurrency is of
// mailboxes, a place each.
func TestMailboxLimitSharesTheRequestLimit(t *testing.T) {
	adaptive := func() int { return 2048 }
	tests := []struct {
		name          string
		res           Resource
		s             Settings
		places, worth int
	}{
		{"folders, four streams at once", &Folders{}, Settings{MailboxConcurrency: 4}, 2048, 4},
		{"folders, one stream at a time", &Folders{}, Settings{MailboxConcurrency: 1}, 2048, 1},
		{"one stream per mailbox", Stream{}, Settings{MailboxConcurrency: 4}, 2048, 1},
		{"a configured concurrency", &Folders{}, Settings{Concurrency: 10, MailboxConcurrency: 4}, 10, 1},
	}
	for _, tt := range tests {
		limit, weight := mailboxLimit(tt.res, tt.s, adaptive)
		if limit() != tt.places || weight != tt.worth {
			t.Errorf("%s: %d places, %d a mailbox; want %d, %d", tt.name, limit(), weight, tt.places, tt.worth)
		}
	}
}

// TestPoolCountsPlaces: mailboxes of four places each under a limit of 8
// places: two run, and a third starts once they give back enough places
// (each gives back at most three, keeping one until it ends); a limit
// below a mailbox's places still runs one.
func TestPoolCountsPlaces(t *testing.T) {
	var limit atomic.Int64
	limit.Store(8)
	g, ctx := errgroup.WithContext(context.Background())
	pool := newMailboxPool(g, func() int { return int(limit.Load()) }, 4)
	givers := make(chan func(int), 2)
	release := make(chan struct{})
	for range 2 {
		pool.Go(ctx, func(giveBack func(int)) error { givers <- giveBack; <-release; return nil })
	}
	a, b := <-givers, <-givers
	third := make(chan struct{})
	go pool.Go(ctx, func(func(int)) error { close(third); return nil })
	a(2)
	a(3) // the first mailbox gives back 3 places, not 5: 5 of 8 held
	select {
	case <-third:
		t.Fatal("a third mailbox of 4 places started with 5 of 8 places held")
	case <-time.After(3 * poolRecheck):
	}
	b(1) // 4 of 8 held
	select {
	case <-third:
	case <-time.After(2 * time.Second):
		t.Fatal("the third mailbox did not start when 4 of 8 places were held")
	}
	close(release)
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	pool.mu.Lock()
	active := pool.active
	pool.mu.Unlock()
	if active != 0 {
		t.Errorf("%d places held after every mailbox ended, want 0", active)
	}

	limit.Store(2) // below a mailbox's 4 places
	done := make(chan struct{})
	pool.Go(ctx, func(func(int)) error { close(done); return nil })
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("no mailbox ran under a limit below its places")
	}
	_ = g.Wait()
}
