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
		// 20 batched, in batches of 20 (negative: of 4; 0: none).
		windows []window
		want    bool
	}{
		{"no answers yet: requests go alone", nil, false},
		{"a fixed latency: batches answer as fast as lone requests", []window{{200 * ms, 204 * ms}}, true},
		{"on loopback: a batch's few milliseconds more are within the slack", []window{{1 * ms, 6 * ms}}, true},
		{"on a saturated loopback: batches answer when their last request got the CPU", []window{{8 * ms, 35 * ms}}, true},
		{"a long tail: batches answer at their slowest request", []window{{250 * ms, time.Second}}, false},
		{"batching stops when batches slow down", []window{{200 * ms, 204 * ms}, {200 * ms, 800 * ms}}, false},
		{"batching resumes when batches speed up", []window{{250 * ms, time.Second}, {250 * ms, 260 * ms}}, true},
		{"answers of one kind only do not judge", []window{{200 * ms, 204 * ms}, {200 * ms, 0}}, true},
		{"small batches do not judge: they answer sooner than full ones", []window{{250 * ms, time.Second}, {250 * ms, -260 * ms}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Unix(1000, 0)}
			j := newBatchJudge(clock.now, 10)
			for _, w := range tt.windows {
				for range 12 {
					j.observe(w.alone, 0)
				}
				size := 20
				if w.batched < 0 { // batches of 4
					w.batched, size = -w.batched, 4
				}
				if w.batched > 0 {
					for range 20 {
						j.observe(w.batched, size)
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
	j := newBatchJudge(clock.now, 10)
	count := func() (batched int) {
		for range 100 {
			if batch, _ := j.route(); batch {
				batched++
			}
		}
		return batched
	}
	if got := count(); got != 0 {
		t.Fatalf("first window: %d of 100 requests batched, want none", got)
	}
	clock.advance(judgeWindow)
	if got := count(); got != probeBatches*DefaultBatchSize {
		t.Fatalf("second window: %d of 100 requests batched, want the probe's %d", got, probeBatches*DefaultBatchSize)
	}
	for range minFloorAnswers { // the first judgement comes at once
		j.observe(200*time.Millisecond, 0)
		j.observe(200*time.Millisecond, 20)
	}
	if !j.judgement() {
		t.Fatalf("not batching after %d answers of each kind at the same latency", minFloorAnswers)
	}
	clock.advance(judgeWindow)
	if got := count(); got != 100-DefaultBatchSize {
		t.Fatalf("after judging that batches pay: %d of 100 requests batched, want all but the probe's %d", got, DefaultBatchSize)
	}
}

// TestBatchJudgeProbesLessWhileTheJudgementStands: under a long tail the
// judge keeps requests alone, and probes every other window, every
// fourth, … rather than every one.
func TestBatchJudgeProbesLessWhileTheJudgementStands(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	j := newBatchJudge(clock.now, 10)
	var probing []int
	for w := range 16 {
		batched := 0
		for range 100 {
			if batch, _ := j.route(); batch {
				batched++
			}
		}
		for range 12 {
			j.observe(250*time.Millisecond, 0)
		}
		if batched > 0 {
			probing = append(probing, w)
			for range batched {
				j.observe(time.Second, batched)
			}
		}
		clock.advance(judgeWindow)
	}
	if j.judgement() || len(probing) > 5 {
		t.Errorf("batching %v, probes in windows %v: want requests alone and probes ever further apart", j.judgement(), probing)
	}
}
