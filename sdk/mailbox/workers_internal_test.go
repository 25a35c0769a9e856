package mailbox

import (
	"context"
	"errors"
	"runtime/metrics"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// goroutinesCreated reads how many goroutines the process has started.
func goroutinesCreated() uint64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestRunWorkers: the calls start in order, at most workers at once, on
// workers-1 goroutines besides the caller's (not one per call), and the
// first error stops the calls not yet started.
func TestRunWorkers(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name       string
		workers, n int
		failAt     int // -1: none
		wantErr    error
		wantMost   int // the most calls at once
	}{
		{"four workers for ten calls", 4, 10, -1, nil, 4},
		{"one worker runs the calls one by one on the caller's goroutine", 1, 5, -1, nil, 1},
		{"more workers than calls", 8, 3, -1, nil, 3},
		{"no calls", 4, 0, -1, nil, 0},
		{"an error stops the calls not started", 2, 10, 3, boom, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var started []int
			var now, most atomic.Int64
			before := goroutinesCreated()
			err := runWorkers(context.Background(), tt.workers, tt.n, func(ctx context.Context, i int) error {
				mu.Lock()
				started = append(started, i)
				mu.Unlock()
				n := now.Add(1)
				defer now.Add(-1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				if i == tt.failAt {
					return boom
				}
				select {
				case <-time.After(5 * time.Millisecond):
				case <-ctx.Done():
				}
				return nil
			})
			created := goroutinesCreated() - before
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got := int(most.Load()); got != tt.wantMost {
				t.Errorf("%d calls at once at most, want %d", got, tt.wantMost)
			}
			if !slices.IsSorted(started) {
				t.Errorf("calls started in the order %v", started)
			}
			if tt.failAt < 0 && len(started) != tt.n {
				t.Errorf("%d calls made, want %d", len(started), tt.n)
			}
			if tt.failAt >= 0 && len(started) > tt.failAt+tt.workers {
				t.Errorf("%d calls made after the error at call %d with %d workers", len(started), tt.failAt, tt.workers)
			}
			// The workers besides the caller's, and the timers' and the
			// context's few.
			if want := uint64(max(0, min(tt.workers, tt.n)-1)) + 2; created > want {
				t.Errorf("%d goroutines started for %d calls on %d workers, want at most %d", created, tt.n, tt.workers, want)
			}
		})
	}
}
