package graph_test

import (
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// TestStatsCountRequestsAndWaitsByStatus: a Client counts every attempt
// by the status Graph answered, and every wait before a retry, with its
// time, by the status that caused it (0: no answer, or a body cut short);
// a Client WithLimits derives shares the counts.
func TestStatsCountRequestsAndWaitsByStatus(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 4, Users: 500})
	tests := []struct {
		name string
		rule graphtest.FaultRule
		// failed is the status the fault answers, waited is the status its
		// waits count under.
		failed, waited int
	}{
		{"throttling", graphtest.FaultRule{Kind: "throttle", Every: 2, RetryAfter: seconds(1.5)}, 429, 429},
		{"unavailable", graphtest.FaultRule{Kind: "unavailable", Every: 2, RetryAfter: seconds(2)}, 503, 503},
		{"gateway timeouts", graphtest.FaultRule{Kind: "gateway_timeout", After: 1, Times: 3}, 504, 504},
		{"a body cut short: answered 200, waited for as no answer", graphtest.FaultRule{Kind: "cut", Every: 2}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, srv, graph.Options{})
			f.faults(t, tt.rule)
			client := f.client.WithLimits(graph.Limits{})
			if _, err := client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta?$select=displayName"}, (&collector{}).add); err != nil {
				t.Fatalf("Round: %v", err)
			}
			waits := f.sleeps.all()
			var waited time.Duration
			for _, d := range waits {
				waited += d
			}
			retries := int64(len(waits))
			if retries == 0 {
				t.Fatal("no retry happened; the fault did not fire")
			}
			want := graph.Stats{200: {Requests: 3}}
			if tt.failed != 0 {
				want[tt.failed] = graph.StatusStats{Requests: retries}
			} else {
				want[200] = graph.StatusStats{Requests: 3 + retries} // the cut answers were 200s
			}
			w := want[tt.waited]
			w.Waits, w.Waited = retries, waited
			want[tt.waited] = w
			for name, c := range map[string]*graph.Client{"the Client": f.client, "the Client WithLimits derived": client} {
				if got := c.Stats(); !equalStats(got, want) {
					t.Errorf("%s's Stats = %+v, want %+v", name, got, want)
				}
			}
		})
	}
}

func equalStats(a, b graph.Stats) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
