package mailbox

import (
	"context"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// runWorkers calls fn for i = 0 … n-1, in that order of start, at most
// workers at once, on that many goroutines that each take the next i when
// fn returns; the caller's goroutine is one of them. A goroutine per call
// would grow a fresh stack for each: a stream's request goes through
// net/http, deep enough that stack copying was a tenth of the mail
// plugin's CPU in a round with nothing changed at 200 ms of latency. The
// first error cancels the others' context and is returned; calls not
// started by then are not made.
func runWorkers(ctx context.Context, workers, n int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	g, gctx := errgroup.WithContext(ctx)
	var next atomic.Int64
	work := func() error {
		for {
			i := int(next.Add(1)) - 1
			if i >= n {
				return nil
			}
			if gctx.Err() != nil {
				return context.Cause(gctx)
			}
			if err := fn(gctx, i); err != nil {
				return err
			}
		}
	}
	for range min(max(1, workers), n) - 1 {
		g.Go(work)
	}
	own := work()
	if own != nil {
		cancel(own)
	}
	if err := g.Wait(); own == nil {
		own = err
	}
	return own
}
