package graph_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestRoundSurvivesTransientFaults(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 4, Users: 500})
	ms := time.Millisecond
	tests := []struct {
		name string
		rule graphtest.FaultRule
		// want checks each recorded wait, by its position.
		want func(i int, d time.Duration) bool
	}{
		{"throttling waits the fractional Retry-After it was given",
			graphtest.FaultRule{Kind: "throttle", Every: 2, RetryAfter: seconds(1.5)},
			func(_ int, d time.Duration) bool { return d == 1500*ms }},
		{"an unavailable service waits its Retry-After",
			graphtest.FaultRule{Kind: "unavailable", Every: 2, RetryAfter: seconds(2)},
			func(_ int, d time.Duration) bool { return d == 2*time.Second }},
		{"gateway timeouts without Retry-After back off exponentially from 500ms",
			graphtest.FaultRule{Kind: "gateway_timeout", After: 1, Times: 3},
			func(i int, d time.Duration) bool { base := 500 * ms << i; return d >= base/2 && d <= base }},
		{"a body cut short is fetched again after a back-off",
			graphtest.FaultRule{Kind: "cut", Every: 2},
			func(_ int, d time.Duration) bool { return d >= 250*ms && d <= 500*ms }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, srv, graph.Options{})
			f.faults(t, tt.rule)
			var got collector
			if _, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta?$select=displayName"}, got.add); err != nil {
				t.Fatalf("Round: %v", err)
			}
			if len(got.ids) != 500 || len(got.set()) != 500 || len(got.pages) != 3 {
				t.Errorf("%d ids (%d distinct) on %d pages, want 500 on 3", len(got.ids), len(got.set()), len(got.pages))
			}
			waits := f.sleeps.all()
			if len(waits) == 0 {
				t.Fatal("no retry happened; the fault did not fire")
			}
			for i, d := range waits {
				if !tt.want(i, d) {
					t.Errorf("wait %d = %v, out of range (all waits %v)", i, d, waits)
				}
			}
		})
	}
}

func TestRetryAfterIsHonouredInRealTime(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 5, Users: 10})
	f := newFixture(t, srv, graph.Options{})
	f.faults(t, graphtest.FaultRule{Kind: "throttle", Times: 1, RetryAfter: seconds(0.3)})
	f.client = graph.New(graph.Options{HTTPClient: srv.Client(), Tokens: f.tokens}) // the real wait
	start := time.Now()
	if _, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta"}, (&collector{}).add); err != nil {
		t.Fatalf("Round: %v", err)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("the round took %v; it must wait the 0.3s Retry-After", d)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name, header string
		want         time.Duration
		ok           bool
	}{
		{"whole seconds are read as seconds", "3", 3 * time.Second, true},
		{"fractional seconds are kept, rounded up to the millisecond", "2.1281", 2129 * time.Millisecond, true},
		{"an HTTP date is a wait until then", now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{"an HTTP date in the past means now", now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"garbage is ignored", "soon", 0, false},
		{"a negative number is ignored", "-1", 0, false},
		{"an absent header is no Retry-After", "", 0, false},
		{"a wait past the nanosecond range is capped, not wrapped negative", "10000000000", graph.MaxRetryAfter, true},
		{"eleven nines are capped too", "99999999999", graph.MaxRetryAfter, true},
		{"a number past float64 is ignored", "1e309", 0, false},
		{"a date centuries ahead is capped", "Fri, 31 Dec 9999 23:59:59 GMT", graph.MaxRetryAfter, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string][]string{}
			if tt.header != "" {
				h["Retry-After"] = []string{tt.header}
			}
			got, ok := graph.RetryAfter(h, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", tt.header, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	for attempt, base := range map[int]time.Duration{1: 500 * time.Millisecond, 2: time.Second, 5: 8 * time.Second, 8: 60 * time.Second, 40: 60 * time.Second} {
		for range 50 {
			if d := graph.Backoff(attempt); d < base/2 || d > base {
				t.Fatalf("Backoff(%d) = %v, want within [%v, %v]", attempt, d, base/2, base)
			}
		}
	}
}

// A Retry-After longer than the client's MaxRetryWait fails the call that
// got it, and must not hold the tenant's other requests past MaxRetryWait
// either: a hostile or mistaken answer would hang every stream for as long
// as it says.
func TestLongRetryAfterHoldsOthersAtMostMaxRetryWait(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 6, Users: 10})
	const maxWait = 10 * time.Second
	f := newFixture(t, srv, graph.Options{MaxRetryWait: maxWait})
	f.faults(t, graphtest.FaultRule{Kind: "throttle", Times: 1, RetryAfter: seconds(3600)})
	query := graph.Query{URL: srv.GraphURL() + "/users/delta"}
	if _, err := f.client.Round(t.Context(), query, (&collector{}).add); !errors.Is(err, graph.ErrRetryBudget) {
		t.Fatalf("the throttled round: %v, want ErrRetryBudget", err)
	}
	if _, err := f.client.Round(t.Context(), query, (&collector{}).add); err != nil {
		t.Fatalf("the next round: %v", err)
	}
	for _, d := range f.sleeps.all() {
		if d > maxWait {
			t.Errorf("a request waited %v, past MaxRetryWait %v (all waits %v)", d, maxWait, f.sleeps.all())
		}
	}
}
