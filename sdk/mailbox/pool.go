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
// be).
type mailboxPool struct {
	g      *errgroup.Group
	limit  func() int
	mu     sync.Mutex
	active int
	// ended wakes Go when a mailbox ends; Go is called from one goroutine.
	ended chan struct{}
}

func newMailboxPool(g *errgroup.Group, limit func() int) *mailboxPool {
	return &mailboxPool{g: g, limit: limit, ended: make(chan struct{}, 1)}
}

// Go waits until fewer than limit() mailboxes run, then runs fn on the
// group; it gives up when ctx ends (the group's error says why). It looks
// again when a mailbox ends and every poolRecheck, since the limit may have
// grown meanwhile.
func (p *mailboxPool) Go(ctx context.Context, fn func() error) {
	var tick *time.Ticker
	for {
		p.mu.Lock()
		if p.active < max(1, p.limit()) {
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
