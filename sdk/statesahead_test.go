package sdk_test

import (
	"context"
	"fmt"
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
			if tc.short == 0 && src.pages != wantPages {
				t.Errorf("%d pages read; want %d (none past the end)", src.pages, wantPages)
			}
			if wantPages > 2 && src.most < 2 {
				t.Errorf("at most %d page read at once; want 2", src.most)
			}
		})
	}
}
