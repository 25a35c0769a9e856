package graph

import (
	"testing"
	"time"
)

func TestBatchJudge(t *testing.T) {
	ms := time.Millisecond
	type window struct{ alone, batched time.Duration }
	tests := []struct {
		name string
		// windows are the latencies answered in each window, 12 alone and
		// 20 batched (0: none of that kind).
		windows []window
		want    bool
	}{
		{"no answers yet: requests go alone", nil, false},
		{"a fixed latency: batches answer as fast as lone requests", []window{{200 * ms, 204 * ms}}, true},
		{"on loopback: a batch's few milliseconds more are within the slack", []window{{1 * ms, 6 * ms}}, true},
		{"a long tail: batches answer at their slowest request", []window{{250 * ms, time.Second}}, false},
		{"batching stops when batches slow down", []window{{200 * ms, 204 * ms}, {200 * ms, 800 * ms}}, false},
		{"batching resumes when batches speed up", []window{{250 * ms, time.Second}, {250 * ms, 260 * ms}}, true},
		{"answers of one kind only do not judge", []window{{200 * ms, 204 * ms}, {200 * ms, 0}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Unix(1000, 0)}
			j := newBatchJudge(clock.now)
			for _, w := range tt.windows {
				for range 12 {
					j.observe(w.alone, false)
				}
				if w.batched > 0 {
					for range 20 {
						j.observe(w.batched, true)
					}
				}
				clock.advance(judgeWindow)
			}
			j.route() // the window ends at the next request
			if got := j.judgement(); got != tt.want {
				t.Errorf("batching = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestBatchJudgeProbes: each window's first DefaultBatchSize requests go
// the other way, the rest as judged.
func TestBatchJudgeProbes(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	j := newBatchJudge(clock.now)
	count := func() (batched int) {
		for range 100 {
			if j.route() {
				batched++
			}
		}
		return batched
	}
	if got := count(); got != DefaultBatchSize {
		t.Fatalf("first window: %d of 100 requests batched, want the probe's %d", got, DefaultBatchSize)
	}
	for range 20 {
		j.observe(200*time.Millisecond, false)
		j.observe(200*time.Millisecond, true)
	}
	clock.advance(judgeWindow)
	if got := count(); got != 100-DefaultBatchSize {
		t.Fatalf("after judging that batches pay: %d of 100 requests batched, want all but the probe's %d", got, DefaultBatchSize)
	}
}
