package main

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/graphlake/graphlake/sdk/wire"
)

// TestGraphBatchesAreCounted: the JSON batches a plugin reports with its
// Graph counts add up, by source, in graphlake_graph_batches_total and
// graphlake_graph_batched_requests_total.
func TestGraphBatchesAreCounted(t *testing.T) {
	m := newRunMetrics()
	count := m.graph("p")
	count("mail", &wire.GraphStats{Statuses: []wire.GraphStatusStats{{Status: 200, Requests: 50}}, Batches: 3, BatchedRequests: 50})
	count("mail", &wire.GraphStats{Batches: 1, BatchedRequests: 20})
	count("users", &wire.GraphStats{Statuses: []wire.GraphStatusStats{{Status: 200, Requests: 1}}})
	for _, tt := range []struct {
		source           string
		batches, batched float64
	}{{"mail", 4, 70}, {"users", 0, 0}} {
		if got := testutil.ToFloat64(m.graphBatches.WithLabelValues("p", tt.source)); got != tt.batches {
			t.Errorf("%s: %v batches, want %v", tt.source, got, tt.batches)
		}
		if got := testutil.ToFloat64(m.graphBatched.WithLabelValues("p", tt.source)); got != tt.batched {
			t.Errorf("%s: %v batched requests, want %v", tt.source, got, tt.batched)
		}
	}
}

// TestWarningsAreCounted: a committed round's warnings, all of them (not
// only those its summary lists), add up in graphlake_warnings_total.
func TestWarningsAreCounted(t *testing.T) {
	m := newRunMetrics()
	m.observe(runSummary{Pipeline: "p", Outcome: "committed", WarningCount: 150}, nil)
	m.observe(runSummary{Pipeline: "p", Outcome: "partial", WarningCount: 2}, nil)
	if got := testutil.ToFloat64(m.warnings.WithLabelValues("p")); got != 152 {
		t.Errorf("%v warnings counted, want 152", got)
	}
}
