package mailbox

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

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
// group; it gives up when ctx ends (the group's error says why).
func (p *mailboxPool) Go(ctx context.Context, fn func() error) {
	for {
		p.mu.Lock()
		if p.active < max(1, p.limit()) {
			p.active++
			p.mu.Unlock()
			break
		}
		p.mu.Unlock()
		select {
		case <-p.ended:
		case <-ctx.Done():
			return
		}
	}
	p.g.Go(func() error {
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
