package graph

import (
	"context"
	"testing"
	"time"
)

// TestStatsCountHeldWaits: a request held because another request's
// answer carried a Retry-After counts one wait, of the time it was held,
// under that answer's status; a request the hold does not cover counts
// none.
func TestStatsCountHeldWaits(t *testing.T) {
	const (
		mailbox = "https://g/v1.0/users/u1/mailFolders/delta"
		other   = "https://g/v1.0/users/u2/mailFolders/delta"
	)
	tests := []struct {
		name      string
		answer    answer
		link      string
		wantWaits int64
	}{
		{"503 holds the tenant", answer{throttled: true, status: 503}, other, 1},
		{"429 TooManyRequests holds the tenant", answer{throttled: true, status: 429}, other, 1},
		{"429 ApplicationThrottled holds its mailbox", answer{mailboxThrottled: true, status: 429}, mailbox, 1},
		{"429 ApplicationThrottled does not hold another mailbox", answer{mailboxThrottled: true, status: 429}, other, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLimiter(Limits{MailboxConcurrency: -1, MailboxBudget: -1})
			l.stats = newStats()
			// The limiter's clock moves only when it sleeps, so the wait
			// is the hold's whole length however slow the machine.
			clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			l.now = func() time.Time { return clock }
			l.backOff(mailbox, tt.answer, 300*time.Millisecond)
			var slept time.Duration
			release, err := l.acquire(context.Background(), tt.link, time.Time{}, func(_ context.Context, d time.Duration) error {
				slept += d
				clock = clock.Add(d)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			release(answer{latency: time.Millisecond})
			got := l.stats.snapshot()[tt.answer.status]
			if got.Waits != tt.wantWaits || got.Waited != slept || (tt.wantWaits > 0 && slept != 300*time.Millisecond) {
				t.Errorf("stats[%d] = %+v after a held wait of %v, want %d wait(s) of 300ms", tt.answer.status, got, slept, tt.wantWaits)
			}
		})
	}
}
