package graphtest

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// Outlook's request budget per app and mailbox (GRAPH-DELTA.md §4), the
// MailboxBudget variant's default.
const (
	defaultMailboxBudget       = 10_000
	defaultMailboxBudgetWindow = 10 * time.Minute
)

// budgetBuckets is how many buckets a budget window is kept in: a request
// leaves the window between 19/20 of it and all of it after it was served.
const budgetBuckets = 20

// mailboxBudget enforces, with the MailboxBudget variant on, Outlook's
// request budget per mailbox: at most limit requests served in any sliding
// window; past it Graph answers 429 with the time until the window frees.
// Refused requests are not counted, so a client that waits out
// Retry-After gets through.
type mailboxBudget struct {
	limit  int
	window time.Duration
	now    func() time.Time
	mu     sync.Mutex
	used   map[string]*budgetRing
	// refused counts the requests answered 429 for going over budget.
	refused int64
}

// budgetRing is one mailbox's served requests by bucket.
type budgetRing [budgetBuckets]struct {
	bucket int64 // the bucket number this slot counts (time / width)
	count  int
}

func newMailboxBudget(limit int, window time.Duration) *mailboxBudget {
	if limit <= 0 {
		limit = defaultMailboxBudget
	}
	if window <= 0 {
		window = defaultMailboxBudgetWindow
	}
	return &mailboxBudget{limit: limit, window: window, now: time.Now, used: map[string]*budgetRing{}}
}

// spend counts one request of mailbox key, or refuses it with how long
// until the window has room again.
func (b *mailboxBudget) spend(key string) (retryAfter time.Duration, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	width := int64(b.window / budgetBuckets)
	cur := now.UnixNano() / width
	ring := b.used[key]
	if ring == nil {
		ring = &budgetRing{}
		b.used[key] = ring
	}
	total := 0
	for _, s := range ring {
		if s.bucket > cur-budgetBuckets {
			total += s.count
		}
	}
	if total < b.limit {
		s := &ring[cur%budgetBuckets]
		if s.bucket != cur {
			s.bucket, s.count = cur, 0
		}
		s.count++
		return 0, true
	}
	b.refused++
	need := total - b.limit + 1
	for k := cur - budgetBuckets + 1; k <= cur; k++ {
		if s := ring[k%budgetBuckets]; s.bucket == k {
			if need -= s.count; need <= 0 {
				return time.Unix(0, (k+budgetBuckets)*width).Sub(now), false
			}
		}
	}
	return b.window, false // not reached: the buckets hold total
}

// retryAfterSeconds renders d as Retry-After seconds, rounded up to the
// millisecond (Graph may send fractions).
func retryAfterSeconds(d time.Duration) string {
	ms := math.Ceil(float64(d) / float64(time.Millisecond))
	return strconv.FormatFloat(max(ms, 1)/1000, 'f', -1, 64)
}
