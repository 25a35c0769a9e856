package graph

import (
	"context"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestBudgetPace(t *testing.T) {
	tests := []struct {
		name   string
		budget int
		window time.Duration
		want   pace
	}{
		{"Outlook's budget", 10_000, 10 * time.Minute, pace{every: rate.Limit(9025.0 / 600), burst: 475}},
		{"a test's tiny budget", 60, 2 * time.Second, pace{every: 27.5, burst: 2}},
		{"a budget of one", 1, time.Second, pace{every: 1, burst: 1}},
		{"no budget", -1, time.Minute, pace{}},
		{"no window", 100, 0, pace{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := budgetPace(tt.budget, tt.window); got != tt.want {
				t.Errorf("budgetPace(%d, %v) = %+v, want %+v", tt.budget, tt.window, got, tt.want)
			}
		})
	}
}

// TestPacedKeyStaysUnderItsBudget sends more requests to one key than one
// window allows: in no window do more than the budget start, the requests
// past the burst are spread out, and another key is not slowed.
func TestPacedKeyStaysUnderItsBudget(t *testing.T) {
	const budget, window, n = 40, 500 * time.Millisecond, 60
	l := newKeyLimiter(4, budgetPace(budget, window))
	var starts []time.Time
	for range n {
		release, err := l.acquire(context.Background(), "a")
		if err != nil {
			t.Fatal(err)
		}
		starts = append(starts, time.Now())
		release(answer{})
	}
	for i := range starts {
		in := 0
		for _, s := range starts[i:] {
			if s.Sub(starts[i]) < window {
				in++
			}
		}
		if in > budget {
			t.Fatalf("%d requests started within %v of request %d, budget %d", in, window, i+1, budget)
		}
	}
	if took := starts[n-1].Sub(starts[0]); took < window {
		t.Errorf("%d requests over a budget of %d per %v took %v: not paced", n, budget, window, took)
	}
	// Put key a over a second in debt (2*budget tokens at 37 per 500ms);
	// a request that would have to wait past its context's deadline is
	// refused at once (rate.Limiter.Wait), so key b, given 500ms, gets
	// through only with a bucket of its own, however slow the machine.
	l.mu.Lock()
	for range 2 * budget {
		l.keys["a"].bucket.Reserve()
	}
	l.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), window)
	defer cancel()
	release, err := l.acquire(ctx, "b")
	if err != nil {
		t.Fatalf("another key waits behind a busy one: %v", err)
	}
	release(answer{})
}

func TestPacedKeysAreForgottenOnceRested(t *testing.T) {
	l := newKeyLimiter(4, pace{every: 5, burst: 1}) // rests in 200ms
	use := func(key string) {
		t.Helper()
		release, err := l.acquire(context.Background(), key)
		if err != nil {
			t.Fatal(err)
		}
		release(answer{})
	}
	use("a")
	if n := l.size(); n != 1 {
		t.Fatalf("a key whose bucket is not full again was dropped: %d entries", n)
	}
	time.Sleep(250 * time.Millisecond)
	use("b")
	if n := l.size(); n != 1 {
		t.Errorf("after a new key, %d entries, want only the new one (the rested key is swept)", n)
	}
	time.Sleep(250 * time.Millisecond)
	use("b")
	if n := l.size(); n != 1 {
		t.Errorf("%d entries, want 1", n)
	}
}

func TestDrainEndsTheBurst(t *testing.T) {
	l := newKeyLimiter(0, pace{every: 5, burst: 10})
	use := func() time.Duration {
		t.Helper()
		begin := time.Now()
		release, err := l.acquire(context.Background(), "a")
		if err != nil {
			t.Fatal(err)
		}
		release(answer{})
		return time.Since(begin)
	}
	use()
	use()
	// Tokens only come back with time, so a loaded machine cannot make a
	// kept burst look spent: 2 of the 10 used, 8 or more left.
	l.mu.Lock()
	left := l.keys["a"].bucket.Tokens()
	l.mu.Unlock()
	if left < 8 {
		t.Fatalf("%.1f tokens left after 2 requests with a burst of 10: the burst was not kept", left)
	}
	l.drain("a")
	if d := use(); d < 150*time.Millisecond {
		t.Errorf("after drain the next request waited %v, want about 200ms (5/s)", d)
	}
	l.drain("unknown") // no entry: nothing to do
}

func TestPaceGivesUpWithTheContext(t *testing.T) {
	l := newKeyLimiter(0, pace{every: 0.1, burst: 1})
	release, err := l.acquire(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	release(answer{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(ctx, "a"); err == nil {
		t.Fatal("a paced acquire outlived its context's deadline")
	}
}
