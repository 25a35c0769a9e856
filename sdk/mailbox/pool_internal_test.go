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
