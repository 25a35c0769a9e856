package graph

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// keyLimiter bounds the requests per key (a mailbox): at most limit in
// flight at once for each key, and, with a pace, a request rate per key;
// any number of keys. A key's own limit adapts: a 429 ApplicationThrottled
// on the key halves it (once per round trip), and each answer after that
// grows it back by 1/limit, up to limit. A key's entry lives while someone holds or waits
// for it, and, when paced, until its bucket has filled up again (a fresh
// entry starts full, so forgetting a rested key changes nothing): memory
// follows the keys in use, not every key ever seen.
type keyLimiter struct {
	limit int  // requests in flight per key; 0: no limit
	pace  pace // rate per key; zero: none
	now   func() time.Time
	mu    sync.Mutex
	keys  map[string]*keySlot
	// swept is when idle, rested entries were last dropped.
	swept time.Time
}

// keySlot is one key's semaphore and bucket, and how many goroutines use
// it.
type keySlot struct {
	limit    float64 // in flight at once; 0: no limit
	inFlight int
	waiters  []*waiter
	epoch    uint64        // increases with each decrease of limit
	bucket   *rate.Limiter // nil without a pace
	refs     int
}

// pace is a token bucket per key: burst requests at once, then every
// tokens a second.
type pace struct {
	every rate.Limit
	burst int
}

// budgetPace paces a key so that it never sends more than budget requests
// in any window, as Outlook counts them per app and mailbox: it keeps 5%
// of the budget in reserve (for the skew between our clock and Graph's
// and requests in flight), lets a twentieth of the budget go at once so
// that a small mailbox is never slowed, and spreads the rest evenly over
// the window. Any window then holds at most burst + rate × window, 95% of
// the budget (for budgets of 3 or more; smaller ones round up to one
// request at once and one spread), and two clients back to back at most
// the budget. Zero budget or window: no pace.
func budgetPace(budget int, window time.Duration) pace {
	if budget <= 0 || window <= 0 {
		return pace{}
	}
	usable := max(1, budget*19/20)
	burst := max(1, usable/20)
	spread := max(usable-burst, 1)
	return pace{every: rate.Limit(float64(spread) / window.Seconds()), burst: burst}
}

// rest is how long an unused bucket takes to fill up again.
func (p pace) rest() time.Duration {
	return time.Duration(float64(p.burst) / float64(p.every) * float64(time.Second))
}

func newKeyLimiter(limit int, p pace) *keyLimiter {
	return &keyLimiter{limit: max(limit, 0), pace: p, now: time.Now, keys: map[string]*keySlot{}}
}

// acquire waits for a slot of key, then for its pace, or for ctx to end.
// The returned func releases the slot and learns from the answer; call it
// exactly once.
func (l *keyLimiter) acquire(ctx context.Context, key string) (release func(answer), err error) {
	l.mu.Lock()
	s, ok := l.keys[key]
	if !ok {
		l.sweep()
		s = &keySlot{limit: float64(l.limit)}
		if l.pace.every > 0 {
			s.bucket = rate.NewLimiter(l.pace.every, l.pace.burst)
		}
		l.keys[key] = s
	}
	s.refs++
	if err := l.slotLocked(ctx, key, s); err != nil {
		return nil, err
	}
	epoch := s.epoch
	l.mu.Unlock()
	release = func(a answer) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if s.limit > 0 {
			s.inFlight--
			switch {
			case a.mailboxThrottled && epoch == s.epoch:
				s.epoch++
				s.limit = max(1, float64(int(s.limit*backOffFactor)))
			case a.latency > 0 && !a.mailboxThrottled && s.limit < float64(l.limit):
				s.limit = min(s.limit+1/s.limit, float64(l.limit))
			}
			grant(s)
		}
		l.unrefLocked(key, s)
	}
	if s.bucket != nil {
		if err := s.bucket.Wait(ctx); err != nil {
			release(answer{})
			if ctx.Err() != nil {
				return nil, context.Cause(ctx)
			}
			return nil, err
		}
	}
	return release, nil
}

// slotLocked waits for one of s's slots; callers hold l.mu, which it
// holds again when it returns nil and has released when it returns an
// error.
func (l *keyLimiter) slotLocked(ctx context.Context, key string, s *keySlot) error {
	if s.limit <= 0 || (float64(s.inFlight) < s.limit && len(s.waiters) == 0) {
		if s.limit > 0 {
			s.inFlight++
		}
		return nil
	}
	w := &waiter{ready: make(chan struct{})}
	s.waiters = append(s.waiters, w)
	l.mu.Unlock()
	select {
	case <-w.ready:
		l.mu.Lock()
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		defer l.mu.Unlock()
		if w.granted {
			s.inFlight--
			grant(s)
		} else {
			s.waiters = dropWaiter(s.waiters, w)
		}
		l.unrefLocked(key, s)
		return context.Cause(ctx)
	}
}

// grant hands s's free slots to its waiters, first come first served.
func grant(s *keySlot) {
	for len(s.waiters) > 0 && float64(s.inFlight) < s.limit {
		w := s.waiters[0]
		s.waiters[0] = nil
		s.waiters = s.waiters[1:]
		w.granted = true
		s.inFlight++
		close(w.ready)
	}
}

// dropWaiter removes w from ws.
func dropWaiter(ws []*waiter, w *waiter) []*waiter {
	for i, o := range ws {
		if o == w {
			return append(ws[:i], ws[i+1:]...)
		}
	}
	return ws
}

// drain empties key's bucket: Graph said the mailbox is over its budget
// (requests of an earlier run still count there), so after the back-off
// the key goes on at the paced rate, without a burst.
func (l *keyLimiter) drain(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.keys[key]
	if !ok || s.bucket == nil {
		return
	}
	now := l.now()
	if n := int(s.bucket.TokensAt(now)); n > 0 {
		s.bucket.ReserveN(now, n)
	}
}

// unrefLocked drops a user of s, and s itself when nobody uses it and it
// has rested. Callers hold l.mu.
func (l *keyLimiter) unrefLocked(key string, s *keySlot) {
	if s.refs--; s.refs == 0 && l.rested(s) {
		delete(l.keys, key)
	}
}

// rested reports whether s's bucket is full and its limit back at the
// most, so that a new entry would do the same; always true without a pace
// or a decrease. Callers hold l.mu.
func (l *keyLimiter) rested(s *keySlot) bool {
	return (s.bucket == nil || s.bucket.TokensAt(l.now()) >= float64(l.pace.burst)) && s.limit >= float64(l.limit)
}

// sweep drops the idle entries whose buckets have filled up again, at
// most once per bucket rest time. Callers hold l.mu.
func (l *keyLimiter) sweep() {
	if l.pace.every <= 0 || l.now().Sub(l.swept) < l.pace.rest() {
		return
	}
	l.swept = l.now()
	for key, s := range l.keys {
		if s.refs == 0 && l.rested(s) {
			delete(l.keys, key)
		}
	}
}

// size is the number of keys with an entry, for tests.
func (l *keyLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}
