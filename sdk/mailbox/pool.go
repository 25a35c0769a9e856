package mailbox

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/graphlake/graphlake/sdk/internal/growstack"
)

// poolRecheck is how often a waiting mailboxPool looks at limit() again
// when no mailbox has ended: the adaptive request limit grows with every
// answer while it climbs, long before the first mailbox (four round trips
// at least) ends.
const poolRecheck = 10 * time.Millisecond

// mailboxPool runs mailboxes on an errgroup, starting one only while fewer
// than limit() run: a fixed concurrency, or the Graph client's adaptive
// request limit, so that the mailboxes in flight follow what Graph
// sustains (each mailbox has at least one request in flight or about to
// be). With the adaptive limit it also starts one only while no request
// waits for a place under it (queued): a mailbox runs up to four streams
// at once, so that limit() mailboxes want up to four times the requests
// the limit lets through, and every stream that waits holds a goroutine
// and its stack (at 200 ms and 100,000 streams the plugin peaked at
// 430 MB, over half of it stacks of streams waiting for a request).
type mailboxPool struct {
	g     *errgroup.Group
	limit func() int
	// queued is how many requests wait for the limit; nil: not asked.
	queued func() int
	mu     sync.Mutex
	active int
	// ended wakes Go when a mailbox ends; Go is called from one goroutine.
	ended chan struct{}
}

func newMailboxPool(g *errgroup.Group, limit, queued func() int) *mailboxPool {
	return &mailboxPool{g: g, limit: limit, queued: queued, ended: make(chan struct{}, 1)}
}

// Go waits until fewer than limit() mailboxes run and no request is
// queued (or none runs), then runs fn on the group; it gives up when ctx
// ends (the group's error says why). It looks again when a mailbox ends
// and every poolRecheck, since the limit may have grown and the queue
// drained meanwhile.
func (p *mailboxPool) Go(ctx context.Context, fn func() error) {
	var tick *time.Ticker
	for {
		p.mu.Lock()
		if p.active == 0 || p.active < p.limit() && (p.queued == nil || p.queued() == 0) {
			p.active++
			p.mu.Unlock()
			break
		}
		p.mu.Unlock()
		if tick == nil {
			tick = time.NewTicker(poolRecheck)
			defer tick.Stop()
		}
		select {
		case <-p.ended:
		case <-tick.C:
		case <-ctx.Done():
			return
		}
	}
	p.g.Go(func() error {
		growstack.Grow() // the mailbox's first requests run on this goroutine
		defer p.end()
		return fn()
	})
}

func (p *mailboxPool) end() {
	p.mu.Lock()
	p.active--
	p.mu.Unlock()
	select {
	case p.ended <- struct{}{}:
	default:
	}
}
