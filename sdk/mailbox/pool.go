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

// mailboxPool runs mailboxes on an errgroup while the places they hold
// fit in limit(): a fixed concurrency of mailboxes (a place each), or the
// Graph client's adaptive request limit, a mailbox holding a place for
// each stream it runs at once (weight), so that the mailboxes in flight
// follow what Graph sustains. A mailbox whose streams have all started
// gives back the places it no longer uses (the free ones when its last
// stream starts, then one as each ends; the giveBack function Go hands
// it),
// down to one: under a long tail of latencies a mailbox waits long for its
// last streams, and the places they no longer use stayed idle until its
// slowest ended (1,100 to 1,400 requests in flight through the bulk of
// a round, against a limit of 2,048; BENCHMARKS.md, section 8, tenth
// pass).
type mailboxPool struct {
	g     *errgroup.Group
	limit func() int
	// weight is how many places a mailbox takes when it starts.
	weight int
	mu     sync.Mutex
	// active is how many places the running mailboxes hold.
	active int
	// ended wakes Go when a mailbox ends or gives a place back; Go is
	// called from one goroutine.
	ended chan struct{}
}

func newMailboxPool(g *errgroup.Group, limit func() int, weight int) *mailboxPool {
	return &mailboxPool{g: g, limit: limit, weight: max(1, weight), ended: make(chan struct{}, 1)}
}

// Go waits until a mailbox's places fit (or none are held), then runs fn
// on the group, handing it the function that gives n of its places back
// (see mailboxPool); it gives up when ctx ends (the group's error
// says why). It looks again when a mailbox ends or gives a place back,
// and every poolRecheck, since the limit may have grown meanwhile.
func (p *mailboxPool) Go(ctx context.Context, fn func(giveBack func(n int)) error) {
	var tick *time.Ticker
	for {
		p.mu.Lock()
		if p.active == 0 || p.active+p.weight <= p.limit() {
			p.active += p.weight
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
	held := p.weight
	giveBack := func(n int) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if n = min(n, held-1); n > 0 {
			held -= n
			p.active -= n
			p.wake()
		}
	}
	p.g.Go(func() error {
		growstack.Grow() // the mailbox's first requests run on this goroutine
		defer func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.active -= held
			held = 0
			p.wake()
		}()
		return fn(giveBack)
	})
}

// wake tells a waiting Go that places were given back.
func (p *mailboxPool) wake() {
	select {
	case p.ended <- struct{}{}:
	default:
	}
}
