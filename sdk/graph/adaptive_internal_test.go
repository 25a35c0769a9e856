package graph

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for the controller.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// roundTrip sends n requests at once through c (all must get a slot
// without waiting), lets d pass, and answers them all with a.
func roundTrip(t *testing.T, c *controller, clock *fakeClock, n int, d time.Duration, a answer) {
	t.Helper()
	roundTripEach(t, c, clock, n, d, func(int) answer { return a })
}

// roundTripEach is roundTrip with the i-th request (from 0) answered
// with a(i).
func roundTripEach(t *testing.T, c *controller, clock *fakeClock, n int, d time.Duration, a func(i int) answer) {
	t.Helper()
	sent := make([]time.Time, n)
	for i := range n {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		s, err := c.acquire(ctx)
		cancel()
		if err != nil {
			t.Fatalf("request %d of %d did not get a slot (limit %v): %v", i+1, n, c.concurrency(), err)
		}
		sent[i] = s
	}
	clock.advance(d)
	for i, s := range sent {
		a := a(i)
		a.sent = s
		c.release(a)
	}
}

// lateEvery answers every k-th request (k-1, 2k-1, …) at three times the
// 200 ms floor, the others at the floor.
func lateEvery(k int) func(int) answer {
	return func(i int) answer {
		if i%k == k-1 {
			return answer{latency: 600 * time.Millisecond}
		}
		return answer{latency: 200 * time.Millisecond}
	}
}

// fastEvery answers every k-th request (0, k, 2k, …) at the 200 ms floor,
// the others at three times it.
func fastEvery(k int) func(int) answer {
	return func(i int) answer {
		if i%k == 0 {
			return answer{latency: 200 * time.Millisecond}
		}
		return answer{latency: 600 * time.Millisecond}
	}
}

func TestControllerAdapts(t *testing.T) {
	fast := answer{latency: 200 * time.Millisecond}
	throttled := answer{throttled: true, after: time.Second}
	tests := []struct {
		name  string
		steps func(t *testing.T, c *controller, clock *fakeClock)
		// limit is the concurrency after the steps; rate the requests per
		// second (+Inf: none).
		limit, rate float64
	}{
		{"answers near the floor make the limit fourfold every round trip (slow start)", func(t *testing.T, c *controller, clock *fakeClock) {
			for range 2 {
				roundTrip(t, c, clock, c.concurrency(), 200*time.Millisecond, fast)
			}
		}, 16 * 32, math.Inf(1)},
		{"the limit does not grow past its most", func(t *testing.T, c *controller, clock *fakeClock) {
			for range 4 {
				roundTrip(t, c, clock, c.concurrency(), 200*time.Millisecond, fast)
			}
		}, 1024, math.Inf(1)},
		{"an idle limit does not grow: a few requests against a limit of 32", func(t *testing.T, c *controller, clock *fakeClock) {
			for range 5 {
				roundTrip(t, c, clock, 4, 200*time.Millisecond, fast)
			}
		}, 32, math.Inf(1)},
		{"answers well above the floor hold the limit and end slow start", func(t *testing.T, c *controller, clock *fakeClock) {
			roundTrip(t, c, clock, 32, 200*time.Millisecond, fast) // floor 200ms: 128
			roundTrip(t, c, clock, 128, time.Second, answer{latency: time.Second})
			roundTrip(t, c, clock, 128, 200*time.Millisecond, fast) // additive now: +1 per round trip
		}, 129, math.Inf(1)},
		{"a few late answers (one in 20, a loaded machine's stragglers) hold the limit but do not end slow start", func(t *testing.T, c *controller, clock *fakeClock) {
			for range 2 { // 31 of 32, then 119 of 125 answers near the floor
				roundTripEach(t, c, clock, c.concurrency(), 200*time.Millisecond, lateEvery(20))
			}
		}, 482, math.Inf(1)},
		{"a long tail (one answer in three late, every round trip) does not end slow start", func(t *testing.T, c *controller, clock *fakeClock) {
			// 22 of 32, then 66 of 98 answers near the floor, 3 each
			roundTripEach(t, c, clock, 32, 200*time.Millisecond, lateEvery(3))
			roundTripEach(t, c, clock, c.concurrency(), 200*time.Millisecond, lateEvery(3))
		}, 32 + 3*(22+66), math.Inf(1)},
		{"most answers late (a queue) end slow start", func(t *testing.T, c *controller, clock *fakeClock) {
			roundTrip(t, c, clock, 32, 200*time.Millisecond, fast) // 128
			// three answers in four late: the 48th late one (answer 64)
			// is half of the 96 of the last second, at a limit of
			// 128+16×3; the 16 fast answers after it add 16/176
			roundTripEach(t, c, clock, 128, 200*time.Millisecond, fastEvery(4))
			roundTrip(t, c, clock, 176, 200*time.Millisecond, fast) // additive now: +1 per round trip
		}, 177.1, math.Inf(1)},
		{"a long tail whose fastest answers are far below most (two in five at 120 ms, the rest at 300) does not end slow start", func(t *testing.T, c *controller, clock *fakeClock) {
			for range 2 { // the median, 300 ms, is the floor: 32, 122, 473
				roundTripEach(t, c, clock, c.concurrency(), 300*time.Millisecond, func(i int) answer {
					if i%5 < 2 {
						return answer{latency: 120 * time.Millisecond}
					}
					return answer{latency: 300 * time.Millisecond}
				})
			}
		}, 473, math.Inf(1)},
		{"batched answers (as slow as a batch's slowest request) are judged against batched answers", func(t *testing.T, c *controller, clock *fakeClock) {
			roundTrip(t, c, clock, 32, 200*time.Millisecond, fast) // lone answers: floor 200 ms, limit 128
			roundTrip(t, c, clock, 128, 700*time.Millisecond, answer{latency: 700 * time.Millisecond, batched: true})
		}, 512, math.Inf(1)},
		{"batched answers that queue end slow start", func(t *testing.T, c *controller, clock *fakeClock) {
			roundTrip(t, c, clock, 32, 700*time.Millisecond, answer{latency: 700 * time.Millisecond, batched: true}) // 128
			roundTrip(t, c, clock, 128, 2100*time.Millisecond, answer{latency: 2100 * time.Millisecond, batched: true})
			roundTrip(t, c, clock, 128, 700*time.Millisecond, answer{latency: 700 * time.Millisecond, batched: true}) // +1
		}, 129, math.Inf(1)},
		{"throttled answers halve the limit and set the rate under what Graph served", func(t *testing.T, c *controller, clock *fakeClock) {
			roundTrip(t, c, clock, 32, 200*time.Millisecond, fast) // 32 served, limit 128
			roundTrip(t, c, clock, 8, 10*time.Millisecond, throttled)
		}, 64, 32 * rateBackOff},
		{"a stray throttled answer among many served ones does not back off", func(t *testing.T, c *controller, clock *fakeClock) {
			roundTrip(t, c, clock, 32, 200*time.Millisecond, fast) // 32 served, limit 128
			roundTrip(t, c, clock, 1, 10*time.Millisecond, throttled)
		}, 128, math.Inf(1)},
		{"throttled answers to requests sent before the decrease do not decrease again", func(t *testing.T, c *controller, clock *fakeClock) {
			roundTrip(t, c, clock, 32, 200*time.Millisecond, fast) // limit 128
			roundTrip(t, c, clock, 20, 10*time.Millisecond, throttled)
		}, 64, 32 * rateBackOff},
		{"a throttled answer during the Retry-After of the last one does not decrease again", func(t *testing.T, c *controller, clock *fakeClock) {
			roundTrip(t, c, clock, 32, 200*time.Millisecond, fast)
			roundTrip(t, c, clock, 8, 10*time.Millisecond, throttled)
			roundTrip(t, c, clock, 8, 500*time.Millisecond, throttled)
		}, 64, 32 * rateBackOff},
		{"a throttled answer after the calm decreases again", func(t *testing.T, c *controller, clock *fakeClock) {
			roundTrip(t, c, clock, 32, 200*time.Millisecond, fast)
			roundTrip(t, c, clock, 8, 10*time.Millisecond, throttled)
			clock.advance(3 * time.Second)
			roundTrip(t, c, clock, 16, 200*time.Millisecond, fast) // 16 served over the last second
			roundTrip(t, c, clock, 5, 10*time.Millisecond, throttled)
		}, 32, 16 * rateBackOff},
		{"a lone 503 is too few to back off: it waits out its Retry-After", func(t *testing.T, c *controller, clock *fakeClock) {
			roundTrip(t, c, clock, 1, 10*time.Millisecond, answer{throttled: true})
		}, 32, math.Inf(1)},
		{"503s with too few answers to tell a rate halve the limit and leave the rate alone", func(t *testing.T, c *controller, clock *fakeClock) {
			roundTrip(t, c, clock, 5, 10*time.Millisecond, answer{throttled: true})
		}, 16, math.Inf(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Unix(1000, 0)}
			c := newController(controllerConfig{initial: 32, max: 1024}, clock.now)
			tt.steps(t, c, clock)
			limit, rate := c.state()
			if math.Abs(limit-tt.limit) > 0.5 {
				t.Errorf("limit = %v, want %v", limit, tt.limit)
			}
			if !(math.IsInf(tt.rate, 1) && math.IsInf(rate, 1)) && math.Abs(rate-tt.rate) > 0.01 {
				t.Errorf("rate = %v, want %v", rate, tt.rate)
			}
		})
	}
}

// TestControllerDefaults: the adaptive limit starts at
// DefaultInitialConcurrency (32) and climbs, fourfold per round trip at
// the latency floor, to DefaultMaxConcurrency (2048) in three round trips.
func TestControllerDefaults(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	c := newController(controllerConfig{}, clock.now)
	var got []int
	for range 4 {
		got = append(got, c.concurrency())
		roundTrip(t, c, clock, c.concurrency(), 200*time.Millisecond, answer{latency: 200 * time.Millisecond})
	}
	got = append(got, c.concurrency())
	want := []int{32, 128, 512, 2048, 2048}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("limit per round trip = %v, want %v", got, want)
		}
	}
}

// TestControllerRateClimbsBack: after a decrease, while the rate is what
// holds requests back and Graph stops throttling, it climbs quickly to
// rateNear of what Graph served, then only probes.
func TestControllerRateClimbsBack(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	c := newController(controllerConfig{initial: 32}, clock.now)
	roundTrip(t, c, clock, 32, 200*time.Millisecond, answer{latency: 200 * time.Millisecond})
	roundTrip(t, c, clock, 32, 200*time.Millisecond, answer{latency: 200 * time.Millisecond})
	roundTrip(t, c, clock, 8, 10*time.Millisecond, answer{throttled: true, after: time.Second}) // served 64
	_, r0 := c.state()
	var rates []float64
	for range 40 { // 4 seconds of answers, each request having waited for the rate
		c.mu.Lock()
		c.boundAt = clock.now()
		c.mu.Unlock()
		roundTrip(t, c, clock, 1, 100*time.Millisecond, answer{latency: 100 * time.Millisecond})
		_, r := c.state()
		rates = append(rates, r)
	}
	if r0 != 64*rateBackOff {
		t.Fatalf("rate after the decrease = %v, want %v", r0, 64*rateBackOff)
	}
	if got, want := rates[19], 64*rateNear; got < want-1 || got > want+1 {
		t.Errorf("rate after 2s = %v, want about %v (quick climb to %v of the served rate)", got, want, rateNear)
	}
	if got := rates[39]; got > 64 {
		t.Errorf("rate after 4s = %v: past what Graph served (64) within seconds; it must only probe above %v of it", got, rateNear)
	}
}

// TestControllerQueuesPastTheLimit: requests past the limit wait, first
// come first served, and get a slot as others are answered; a waiter whose
// context ends leaves the queue.
func TestControllerQueuesPastTheLimit(t *testing.T) {
	c := newController(controllerConfig{concurrency: 2}, time.Now)
	for range 2 {
		if _, err := c.acquire(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.acquire(ctx); err == nil {
		t.Fatal("a third request got a slot under a fixed limit of 2")
	}
	got := make(chan time.Time)
	go func() {
		s, err := c.acquire(context.Background())
		if err != nil {
			t.Error(err)
		}
		got <- s
	}()
	time.Sleep(10 * time.Millisecond)
	c.release(answer{latency: time.Millisecond})
	select {
	case <-got:
	case <-time.After(time.Second):
		t.Fatal("the waiter did not get the freed slot")
	}
	if n := len(c.waiters); n != 0 {
		t.Errorf("%d waiters left in the queue", n)
	}
	if limit, _ := c.state(); limit != 2 {
		t.Errorf("a fixed limit changed to %v", limit)
	}
}

// TestMailboxLimitAdapts: a mailbox's own limit never goes past Outlook's
// 4, halves on a 429 ApplicationThrottled (once per round trip) and grows
// back with the answers that follow.
func TestMailboxLimitAdapts(t *testing.T) {
	l := newKeyLimiter(4, pace{})
	send := func(n int, a answer) {
		t.Helper()
		var releases []func(answer)
		for range n {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			release, err := l.acquire(ctx, "m")
			cancel()
			if err != nil {
				t.Fatalf("no slot for one of %d requests: %v", n, err)
			}
			releases = append(releases, release)
		}
		for _, r := range releases {
			r(a)
		}
	}
	limit := func() float64 {
		l.mu.Lock()
		defer l.mu.Unlock()
		if s, ok := l.keys["m"]; ok {
			return s.limit
		}
		return float64(l.limit)
	}
	holding := func() func(answer) {
		r, err := l.acquire(context.Background(), "m")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	send(4, answer{latency: time.Millisecond})
	var held []func(answer)
	for range 4 {
		held = append(held, holding())
	}
	if _, err := l.acquire(ctx, "m"); err == nil {
		t.Fatal("a fifth request to one mailbox got a slot")
	}
	keep := holding // the mailbox's entry stays while it is reduced
	_ = keep
	for _, r := range held {
		r(answer{mailboxThrottled: true}) // all four throttled: one decrease
	}
	if got := limit(); got != 2 {
		t.Fatalf("limit after four throttled answers sent together = %v, want 2", got)
	}
	send(2, answer{latency: time.Millisecond})
	send(2, answer{latency: time.Millisecond})
	send(3, answer{latency: time.Millisecond})
	send(3, answer{latency: time.Millisecond})
	send(3, answer{latency: time.Millisecond})
	if got := limit(); got != 4 {
		t.Errorf("limit after the answers that followed = %v, want back at 4", got)
	}
	send(4, answer{latency: time.Millisecond})
	if got := limit(); got > 4 {
		t.Errorf("limit = %v, over Outlook's 4", got)
	}
}

// TestQueuedRequestWaitsOutRetryAfter: a request that passed the gate and
// queued for a slot before Graph answered 429 TooManyRequests with
// Retry-After does not go out before the Retry-After ends, and the
// throttled answer halved the limit.
func TestQueuedRequestWaitsOutRetryAfter(t *testing.T) {
	l := newLimiter(Limits{Concurrency: 1, MailboxConcurrency: -1, MailboxBudget: -1})
	link := "https://g/v1.0/users/u1/mailFolders/delta"
	release, err := l.acquire(context.Background(), link, time.Time{}, sleepContext)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan time.Time)
	go func() {
		r, err := l.acquire(context.Background(), link, time.Time{}, sleepContext)
		if err != nil {
			t.Error(err)
		}
		got <- time.Now()
		r(answer{latency: time.Millisecond})
	}()
	time.Sleep(20 * time.Millisecond) // the second request queues for the slot
	a := judge(link, throttledBy("TooManyRequests", 429), time.Millisecond, time.Hour)
	until := l.backOff(link, a, 300*time.Millisecond)
	release(a)
	select {
	case at := <-got:
		if at.Before(until) {
			t.Errorf("the queued request went out %v before the Retry-After ended", until.Sub(at))
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the queued request never went out")
	}
}

// TestStrayThrottlingDoesNotCollapseTheRate: one throttled answer a
// second among a hundred served ones (5% of requests refused at random,
// not a limit being reached) leaves the limits alone for a minute; backing
// off on each would measure the served rate from the lowered rate every
// time and drive it towards nothing.
func TestStrayThrottlingDoesNotCollapseTheRate(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	c := newController(controllerConfig{concurrency: 64}, clock.now)
	for range 600 { // a minute in steps of 100ms
		roundTrip(t, c, clock, 10, 100*time.Millisecond, answer{latency: 100 * time.Millisecond})
		if clock.now().UnixMilli()%1000 == 0 {
			roundTrip(t, c, clock, 1, 0, answer{throttled: true, after: 50 * time.Millisecond})
		}
	}
	if limit, rate := c.state(); limit != 64 || !math.IsInf(rate, 1) {
		t.Fatalf("after a minute of stray throttling: limit %v, rate %v per second; want 64 and no rate", limit, rate)
	}
}

// TestStrayThrottlingAtALowVolumeDoesNotCollapseTheRate: at 14 answers a
// second, two throttled ones every third second are 12% of that second's
// answers, a share above minThrottledShare that chance gives a 5% stray
// rate often at such volumes; backing off on it lowered the volume and so
// raised the next share, and the rate collapsed (CI, under load).
func TestStrayThrottlingAtALowVolumeDoesNotCollapseTheRate(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	c := newController(controllerConfig{concurrency: 64}, clock.now)
	for second := range 60 {
		for range 2 {
			roundTrip(t, c, clock, 7, 500*time.Millisecond, answer{latency: 500 * time.Millisecond})
		}
		if second%3 == 0 {
			roundTrip(t, c, clock, 2, 0, answer{throttled: true, after: 50 * time.Millisecond})
		}
	}
	if limit, rate := c.state(); limit != 64 || !math.IsInf(rate, 1) {
		t.Fatalf("after a minute of stray throttling at 14 answers a second: limit %v, rate %v per second; want 64 and no rate", limit, rate)
	}
}
