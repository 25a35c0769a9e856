package graph

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Back-off without Retry-After: 500ms doubling per attempt, capped at 60s,
// with "equal jitter" (half fixed, half random) so clients spread out.
const (
	backoffStart = 500 * time.Millisecond
	backoffCap   = 60 * time.Second
)

// maxRetryAfter is the longest Retry-After read: a longer one, however
// written, is read as this. Far past any retry budget, it keeps a hostile
// value from overflowing a time.Duration.
const maxRetryAfter = 365 * 24 * time.Hour

// retryable is a failure worth repeating with the same link: a 429, 500,
// 502, 503 or 504 answer, a transport error or a body cut short.
type retryable struct {
	err error
	// status is the HTTP status, 0 for a transport failure.
	status int
	// after is the server's Retry-After, when hasAfter.
	after    time.Duration
	hasAfter bool
	// unreachable marks a host that refused the connection or did not
	// resolve.
	unreachable bool
}

// maxUnreachableAttempts bounds attempts at a host that cannot be reached.
const maxUnreachableAttempts = 3

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

// retryAfter parses a Retry-After header: whole or fractional seconds
// (rounded up to the millisecond, never early) or an HTTP date, at most
// maxRetryAfter.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || math.IsNaN(secs) || math.IsInf(secs, 0) {
			return 0, false
		}
		if secs >= maxRetryAfter.Seconds() {
			return maxRetryAfter, true
		}
		return time.Duration(math.Ceil(secs*1000)) * time.Millisecond, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return min(max(at.Sub(now), 0), maxRetryAfter), true
	}
	return 0, false
}

// backoff returns the jittered wait before retry number attempt (1-based).
func backoff(attempt int) time.Duration {
	d := backoffCap
	if attempt < 20 {
		d = min(backoffStart<<(attempt-1), backoffCap)
	}
	return d/2 + rand.N(d/2+1)
}

// budget is the retry waiting allowed to one Round, List or GetJSON call.
type budget struct {
	max, spent time.Duration
	// own is the latest back-off deadline this call set itself: it has
	// already waited for it, so the shared gate need not hold it again.
	own time.Time
}

// take reserves d of the budget, or fails with ErrRetryBudget.
func (b *budget) take(d time.Duration, cause error) error {
	if d > b.max-b.spent {
		return fmt.Errorf("%w: waited %v of %v, next wait %v: %w", ErrRetryBudget, b.spent, b.max, d, cause)
	}
	b.spent += d
	return nil
}

// sleepContext waits d, or returns ctx's error if it ends first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
