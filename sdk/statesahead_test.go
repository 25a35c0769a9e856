package sdk_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// slowStates is a host's StateSource whose every page takes a while, as a
// page of 1,000 deltaLinks does (opened, encoded, sent): it counts the
// pages read at once.
type slowStates struct {
	states []wire.StreamState
	delay  time.Duration
	// short, when set, is the most states a page holds (a host's byte
	// cap): fewer than asked.
	short int

	mu                   sync.Mutex
	reading, most, pages int
}

func (s *slowStates) Page(ctx context.Context, offset, limit int) ([]wire.StreamState, int, error) {
	s.mu.Lock()
	s.reading++
	s.pages++
	s.most = max(s.most, s.reading)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.reading--
		s.mu.Unlock()
	}()
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return nil, 0, ctx.Err()
	}
	if offset > len(s.states) {
		return nil, 0, fmt.Errorf("offset %d is outside the %d stream states", offset, len(s.states))
	}
	if s.short > 0 {
		limit = min(limit, s.short)
	}
	end := min(offset+limit, len(s.states))
	return s.states[offset:end], len(s.states), nil
}

// asked is how many pages were asked for.
func (s *slowStates) asked() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pages
}

// countingSource is a source that counts the prior states its Sync gets.
type countingSource struct{ got *int }

func (countingSource) Tables() []table.Table { return nil }

func (c countingSource) Sync(_ context.Context, req *sdk.SyncRequest, _ *sdk.Emitter) error {
	*c.got = req.Streams.Len()
	return nil
}

// TestStatesAreReadAPageAhead: the SDK reads the host's stream states two
// pages at a time (the host serves two at once), so that reading them
// before the round's first request takes about half as long; every state
// arrives, whatever the count's remainder.
func TestStatesAreReadAPageAhead(t *testing.T) {
	for _, tc := range []struct{ n, short int }{
		{0, 0}, {1, 0}, {wire.StatesPageSize, 0}, {5*wire.StatesPageSize + 1, 0},
		{3 * wire.StatesPageSize, wire.StatesPageSize * 2 / 3}, // pages shorter than asked: the pages read ahead are dropped
	} {
		n := tc.n
		t.Run(fmt.Sprint(n, "/", tc.short), func(t *testing.T) {
			states := make([]wire.StreamState, n)
			for i := range states {
				states[i] = wire.StreamState{Stream: fmt.Sprintf("s%06d", i), DeltaLink: "https://graph.example/delta?token=" + fmt.Sprint(i)}
			}
			src := &slowStates{states: states, delay: 20 * time.Millisecond, short: tc.short}
			got := 0
			err := sdk.InProcess(countingSource{got: &got}).Sync(context.Background(), wire.SyncRequest{States: src, Tokens: noTokens{}}, func(wire.Event) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			if got != n {
				t.Errorf("the source got %d prior states; want %d", got, n)
			}
			wantPages := max(1, (n+wire.StatesPageSize-1)/wire.StatesPageSize)
			if n := src.asked(); tc.short == 0 && n != wantPages {
				t.Errorf("%d pages read; want %d (none past the end)", n, wantPages)
			}
			if wantPages > 2 && src.most < 2 {
				t.Errorf("at most %d page read at once; want 2", src.most)
			}
		})
	}
}

// earlySource records how many pages of states the host had served when
// its Sync began, then reads its states.
type earlySource struct {
	src          *slowStates
	pagesAtStart int
	got          int
	ctxErr       error
}

func (*earlySource) Tables() []table.Table { return nil }

func (e *earlySource) Sync(ctx context.Context, req *sdk.SyncRequest, _ *sdk.Emitter) error {
	e.src.mu.Lock()
	e.pagesAtStart = e.src.pages - e.src.reading // pages already answered
	e.src.mu.Unlock()
	e.got = req.Streams.Len()
	e.ctxErr = context.Cause(ctx)
	return nil
}

// quittingSource fails at once, without reading its states.
type quittingSource struct{}

func (quittingSource) Tables() []table.Table { return nil }

func (quittingSource) Sync(context.Context, *sdk.SyncRequest, *sdk.Emitter) error {
	return fmt.Errorf("the source gave up")
}

// failingStates fails every page after the first.
type failingStates struct{ slowStates }

func (f *failingStates) Page(ctx context.Context, offset, limit int) ([]wire.StreamState, int, error) {
	if offset > 0 {
		return nil, 0, fmt.Errorf("the host's broker went away")
	}
	return f.slowStates.Page(ctx, offset, limit)
}

// TestSyncBeginsWhileStatesAreRead: a source's Sync begins while its
// prior states are still read from the host (a mail source lists the
// tenant's mailboxes meanwhile), and its StreamStates wait for them all;
// when reading them fails, the source's context ends with that failure
// and so does the Sync, whatever the source returned.
func TestSyncBeginsWhileStatesAreRead(t *testing.T) {
	states := make([]wire.StreamState, 3*wire.StatesPageSize)
	for i := range states {
		states[i] = wire.StreamState{Stream: fmt.Sprintf("s%06d", i), DeltaLink: "https://graph.example/delta?token=" + fmt.Sprint(i)}
	}
	t.Run("read", func(t *testing.T) {
		src := &slowStates{states: states, delay: 30 * time.Millisecond}
		e := &earlySource{src: src}
		if err := sdk.InProcess(e).Sync(context.Background(), wire.SyncRequest{States: src, Tokens: noTokens{}}, func(wire.Event) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if e.pagesAtStart >= 3 {
			t.Errorf("Sync began after all %d pages of states were read; want it to begin while they are read", e.pagesAtStart)
		}
		if e.got != len(states) {
			t.Errorf("the source saw %d prior states; want %d", e.got, len(states))
		}
	})
	t.Run("a source that fails at once", func(t *testing.T) {
		src := &slowStates{states: states, delay: 100 * time.Millisecond}
		quitting := &quittingSource{}
		err := sdk.InProcess(quitting).Sync(context.Background(), wire.SyncRequest{States: src, Tokens: noTokens{}}, func(wire.Event) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "gave up") {
			t.Errorf("Sync returned %v; want the source's error", err)
		}
		if n := src.asked(); n >= 3 {
			t.Errorf("all %d pages of states were read for a source that had failed; want the reading stopped", n)
		}
	})
	t.Run("a failed read", func(t *testing.T) {
		src := &failingStates{slowStates{states: states, delay: 10 * time.Millisecond}}
		e := &earlySource{src: &src.slowStates}
		err := sdk.InProcess(e).Sync(context.Background(), wire.SyncRequest{States: src, Tokens: noTokens{}}, func(wire.Event) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "broker went away") {
			t.Errorf("Sync returned %v; want the failure to read the states", err)
		}
		if e.got != 0 || e.ctxErr == nil {
			t.Errorf("the source saw %d states and context error %v; want none and the failure", e.got, e.ctxErr)
		}
	})
}
