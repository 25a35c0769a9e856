package graph

import (
	"cmp"
	"math/rand/v2"
	"testing"
	"time"
)

func TestBatchJudge(t *testing.T) {
	ms := time.Millisecond
	type window struct {
		alone, batched time.Duration
		lone           int
	}
	tests := []struct {
		name string
		// windows are the latencies answered in each window, 12 alone
		// (or lone) and 20 batched, in batches of 20 (negative: of 4; 0:
		// none).
		windows []window
		want    bool
	}{
		{"no answers yet: requests go alone", nil, false},
		{"a fixed latency: batches answer as fast as lone requests", []window{{200 * ms, 204 * ms, 0}}, true},
		{"on loopback: a batch's few milliseconds more are within the slack", []window{{1 * ms, 6 * ms, 0}}, true},
		{"on a saturated loopback: batches answer when their last request got the CPU", []window{{8 * ms, 35 * ms, 0}}, true},
		{"a long tail: batches answer at their slowest request", []window{{250 * ms, time.Second, 0}}, false},
		{"batching stops when batches slow down", []window{{200 * ms, 204 * ms, 0}, {200 * ms, 800 * ms, 0}}, false},
		{"batching resumes when batches speed up", []window{{250 * ms, time.Second, 0}, {250 * ms, 260 * ms, 0}}, true},
		{"a round's stragglers: the few lone answers of its last window are its slowest", []window{{40 * ms, time.Second, 120}, {960 * ms, time.Second, 25}}, false},
		{"a saturated loopback: lone answers slow down as much as batches", []window{{5 * ms, 55 * ms, 760}, {85 * ms, 60 * ms, 290}}, true},
		{"answers of one kind only do not judge", []window{{200 * ms, 204 * ms, 0}, {200 * ms, 0, 0}}, true},
		{"small batches do not judge: they answer sooner than full ones", []window{{250 * ms, time.Second, 0}, {250 * ms, -260 * ms, 0}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Unix(1000, 0)}
			j := newBatchJudge(clock.now, 20)
			for _, w := range tt.windows {
				for range cmp.Or(w.lone, 12) {
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
	j := newBatchJudge(clock.now, 20)
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
	j := newBatchJudge(clock.now, 20)
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

// TestBatchJudgeWeighsSmallBatches: under load, a probe's batches may
// hold 10 to 20 requests; a batch of 10 misses a tail of 15% one time in
// five, and a majority of three such batches made the judge batch after
// one probe in ten. Each judgement here sees 12 lone answers and three
// batches whose requests are each slow with the tail's chance; the judge
// must batch where the requests' latencies are fixed, and not where the
// tail would slow a full batch.
func TestBatchJudgeWeighsSmallBatches(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name string
		// tail is each request's chance of answering at 1 s rather than
		// 40 ms, and loaded a batch's chance of answering at 1 s as a
		// whole; sizes are the three batches' sizes.
		tail, loaded float64
		sizes        [3]int
		// atLeast and atMost bound the share of judgements that batch.
		atLeast, atMost float64
	}{
		{"a fixed latency, batches of 10", 0, 0, [3]int{10, 10, 10}, 1, 1},
		{"a fixed latency, batches of 10 to 20", 0, 0, [3]int{20, 12, 10}, 1, 1},
		{"a tail of 15%, batches of 10", 0.15, 0, [3]int{10, 10, 10}, 0, 0.01},
		{"a tail of 15%, batches of 10 to 20", 0.15, 0, [3]int{20, 14, 10}, 0, 0.01},
		{"a tail of 15%, full batches", 0.15, 0, [3]int{20, 20, 20}, 0, 0.01},
		{"a tail of 1%: a full batch misses it four times in five", 0.01, 0, [3]int{20, 20, 20}, 0.85, 1},
		{"a loaded machine: a batch is slow as a whole one time in five", 0, 0.2, [3]int{20, 20, 20}, 0.85, 1},
		{"a loaded machine, batches of 10", 0, 0.2, [3]int{10, 10, 10}, 0.4, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 11))
			latency := func() time.Duration {
				if rng.Float64() < tt.tail {
					return time.Second
				}
				return 40 * ms
			}
			const judgements = 2000
			batching := 0
			for range judgements {
				clock := &fakeClock{t: time.Unix(1000, 0)}
				j := newBatchJudge(clock.now, 20)
				for range 12 {
					j.observe(40*ms, 0)
				}
				for _, size := range tt.sizes {
					slowest := time.Duration(0)
					if rng.Float64() < tt.loaded {
						slowest = time.Second
					}
					for range size {
						slowest = max(slowest, latency())
					}
					j.observe(slowest+2*ms, size)
				}
				if j.judgement() {
					batching++
				}
			}
			if share := float64(batching) / judgements; share < tt.atLeast || share > tt.atMost {
				t.Errorf("batching in %.1f%% of judgements, want %.0f%% to %.0f%%", 100*share, 100*tt.atLeast, 100*tt.atMost)
			}
		})
	}
}

// TestBatchJudgeFirstWindowEndsWithItsAnswers: the first window ends,
// and the first probe goes, once the first round trip's lone answers
// (firstWindowAnswers) are in, without waiting for judgeWindow; fewer
// answers wait for it. On a fast link the judge then batches within
// milliseconds of the round's start instead of a quarter second.
func TestBatchJudgeFirstWindowEndsWithItsAnswers(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name    string
		answers int
		elapsed time.Duration
		probe   bool
	}{
		{"no answers yet", 0, 0, false},
		{"one fewer than a round trip's", firstWindowAnswers - 1, judgeWindow - ms, false},
		{"a round trip's answers", firstWindowAnswers, 5 * ms, true},
		{"fewer answers, once judgeWindow passed", 1, judgeWindow, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Unix(1000, 0)}
			j := newBatchJudge(clock.now, 20)
			for range tt.answers {
				j.route()
				j.observe(ms, 0)
			}
			clock.advance(tt.elapsed)
			batch, probe := j.route()
			if batch != tt.probe || probe != tt.probe {
				t.Fatalf("next request: batch %v, probe %v; want both %v", batch, probe, tt.probe)
			}
			if tt.answers < minFloorAnswers {
				return // too few lone answers to judge by
			}
			for range probeBatches {
				j.observe(2*ms, 20)
			}
			if !j.judgement() {
				t.Fatalf("not batching after the probe's fast batches")
			}
		})
	}
	// The early end is the first window's only: later windows last
	// judgeWindow whatever their answers.
	clock := &fakeClock{t: time.Unix(1000, 0)}
	j := newBatchJudge(clock.now, 20)
	for range firstWindowAnswers {
		j.observe(time.Millisecond, 0)
	}
	probes := 0
	for range 10 * firstWindowAnswers {
		if _, probe := j.route(); probe {
			probes++
		}
		j.observe(time.Millisecond, 0)
	}
	if probes != probeBatches*DefaultBatchSize {
		t.Errorf("%d probing requests within the second window, want one probe's %d", probes, probeBatches*DefaultBatchSize)
	}
}
