package sdk

import (
	"context"

	"github.com/graphlake/graphlake/sdk/wire"
)

// statesAhead reads the host's stream states (a wire.StateSource) one page
// ahead: when a page is asked for and the states go on past it, the next
// page is asked for at once, so that the host opens its deltaLinks and
// sends it while this page is on its way and being added. Read one after
// the other, 11 pages (11,000 streams) took 0.2–0.3 s before a mail
// round's first request. The host serves two pages at once
// (pluginhost's stateServerPages), which is all this asks.
//
// It is read from one goroutine (wire.EachState's); a page read ahead for
// an offset that is then not asked for is dropped.
type statesAhead struct {
	src wire.StateSource
	// ctx ends the reads ahead: the Sync's context.
	ctx   context.Context
	ahead *statesPage
	// total is the host's count of states, from the last page read; -1
	// before the first.
	total int
}

// statesPage is one page being read.
type statesPage struct {
	offset, limit int
	done          chan struct{}
	page          []wire.StreamState
	total         int
	err           error
}

func newStatesAhead(ctx context.Context, src wire.StateSource) *statesAhead {
	return &statesAhead{src: src, ctx: ctx, total: -1}
}

// read starts reading the page at offset.
func (s *statesAhead) read(offset, limit int) *statesPage {
	p := &statesPage{offset: offset, limit: limit, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.page, p.total, p.err = s.src.Page(s.ctx, offset, limit)
	}()
	return p
}

// Page returns the page at offset, read ahead when it was the one that
// followed the last, and starts reading the one after it.
func (s *statesAhead) Page(ctx context.Context, offset, limit int) ([]wire.StreamState, int, error) {
	p := s.ahead
	s.ahead = nil
	if p == nil || p.offset != offset || p.limit != limit {
		p = s.read(offset, limit)
	}
	if next := offset + limit; s.total >= 0 && next < s.total {
		s.ahead = s.read(next, limit)
	}
	select {
	case <-p.done:
	case <-ctx.Done():
		return nil, 0, context.Cause(ctx)
	}
	if p.err == nil {
		s.total = p.total
	}
	return p.page, p.total, p.err
}

// statesReading is the reading of a round's prior states while its
// source's Sync begins.
type statesReading struct {
	done chan struct{}
	err  error
}

// end waits for the reading once the source's Sync returned srcErr, and
// returns the reading's error: a reading that failed is the Sync's
// failure (the source ran without its states); one still under way when
// the source failed is of no more use, and is cancelled.
func (r *statesReading) end(srcErr error, cancel context.CancelCauseFunc) error {
	select {
	case <-r.done:
		return r.err
	default:
	}
	if srcErr != nil {
		cancel(srcErr)
		<-r.done
		return nil
	}
	<-r.done
	return r.err
}

// readStates reads req's prior states (those sent in the request, then the
// host's pages, read a page ahead) on a goroutine, and returns them at
// once: StreamStates' methods wait until every state is read, so that the
// source starts what needs no prior state (a token, the listing of
// mailboxes: a round trip to Graph) while the host's pages arrive. When
// the host sends its pages in id order (req.StatesInOrder), each page is
// published as it is added, and a read that the states read so far settle
// (a mailbox's, once an id after its own came) is answered then: at
// 100,000 streams the host's pages take about a second. When reading
// fails, cancel ends the source's context with the error, and the states
// are then empty.
func readStates(ctx context.Context, req wire.SyncRequest, cancel context.CancelCauseFunc) (StreamStates, *statesReading) {
	if req.States != nil {
		req.States = newStatesAhead(ctx, req.States)
	}
	b := newStateBuilder(len(req.Streams))
	inOrder := req.StatesInOrder && req.States != nil && len(req.Streams) == 0
	if inOrder {
		b.startEarly()
	}
	r := &statesReading{done: make(chan struct{})}
	go func() {
		defer close(r.done)
		err := wire.EachStatePage(ctx, req, func(page []wire.StreamState) error {
			if !inOrder {
				for _, s := range page {
					b.add(s)
				}
				return nil
			}
			for _, s := range page {
				if err := b.addInOrder(s); err != nil {
					return err
				}
			}
			b.publish()
			return nil
		})
		if err != nil {
			r.err = err
			b.st.index = nil
			cancel(err)
			return
		}
		b.finish()
	}()
	return StreamStates{st: b.st, ready: r.done}, r
}
