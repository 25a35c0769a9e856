package graph

import (
	"sync"
	"time"
)

// The batch judge's constants.
const (
	// judgeWindow is how long the judge counts answers before it compares
	// the two kinds' median latencies and decides.
	judgeWindow = 250 * time.Millisecond
	// batchInflation and batchSlack bound how much slower than a request
	// sent alone a batched one may answer for batching to pay: a batch
	// saves the client and Graph a third to a half of their CPU per
	// request (BENCHMARKS.md, section 8), so a batch answering within
	// 1.5 times as long still serves more requests a second. The slack
	// is what a batch costs on a loaded machine, where it answers when
	// the last of its requests got the CPU: on loopback with the CPU
	// saturated, batches answered in 20–120 ms where lone requests took
	// 4–170 ms, and the round still served a tenth more with batches; at
	// 10 ms the judge sent them alone half of the time.
	batchInflation = 1.5
	batchSlack     = 50 * time.Millisecond
	// maxProbeEvery is the most windows between two probes (4 s).
	maxProbeEvery = 16
	// minBatchSamples is the fewest batches the judge weighs, and
	// probeBatches how many a probe sends.
	minBatchSamples, probeBatches = 3, 3
)

// batchJudge decides whether batching pays: a JSON batch answers when
// its slowest request is done, so where Graph's latencies spread with a
// long tail, a batch of 20 answers near the tail (the emulator's
// long-tailed latencies, a median of 200 ms: most batches took 500 ms
// to 1 s) and a round whose requests in flight are bounded serves fewer
// a second than it would alone; where they do not, batching saves CPU on
// both sides at no cost. The judge compares the median latency of the
// batchable requests sent in batches with that of those sent alone, over
// each judgeWindow: while the batched ones answer within batchInflation
// times as long (plus batchSlack), requests are batched, else they go
// alone. A batch is one sample, however many requests it carries (they
// share its latency); the judge wants minBatchSamples batches and
// minFloorAnswers lone answers. In a window that probes, the first
// requests go the other way, so that both medians stay known and the
// judge changes its mind when Graph's latencies change: DefaultBatchSize
// alone, or probeBatches batches' worth; every window at first, then,
// while the judgement stands, every other, every fourth, up to every
// sixteenth. It starts with requests alone, and probes from its second
// window on: until it knows, a batch risks the tail, and the first
// requests, few (the adaptive limit starts at 32), are the ones whose
// answers set the pace of the adaptive limit's climb (a first probe of
// 60 requests made the climb's first round trip that of a batch: under
// a long tail, the round took a second longer).
type batchJudge struct {
	mu  sync.Mutex
	now func() time.Time
	// batching is the judgement: batchable requests go in batches.
	batching bool
	// start is when the judgeWindow being counted began.
	start time.Time
	// probe is how many requests of this window are still to go the
	// other way.
	probe int
	// alone and batched count this window's answers by latency.
	alone, batched latencyHist
	// judged: the first judgement was made.
	judged bool
	// every is how many windows go from one probe to the next, and since
	// how many went since the last: it doubles with each judgement that
	// confirms the last, up to maxProbeEvery, and is 1 again when the
	// judgement changes. Probes cost: under a long tail, a probe's batch
	// answers at its slowest request, and one sent near a round's end
	// delays the round's end by as much.
	every, since int
	// full is the smallest batch whose answers count: smaller ones answer
	// sooner (the slowest of fewer), and would not tell what batching
	// costs.
	full int
}

// newBatchJudge starts with requests alone; its first probe goes in the
// second window. Batches of full requests or more are judged.
func newBatchJudge(now func() time.Time, full int) *batchJudge {
	return &batchJudge{now: now, start: now(), full: full, every: 1}
}

// route reports whether the next batchable request goes in a batch, and
// whether it is a probe (sent the way the judgement does not send them).
func (j *batchJudge) route() (batch, probe bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.rollLocked()
	if j.probe > 0 {
		j.probe--
		return !j.batching, true
	}
	return j.batching, false
}

// observe counts a successful answer to a batchable request sent alone
// (size 0), or a batch of size requests: once per batch.
func (j *batchJudge) observe(latency time.Duration, size int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.rollLocked()
	switch {
	case size == 0:
		j.alone.add(latency)
	case size >= j.full:
		j.batched.add(latency)
	}
	if !j.judged {
		j.judgeLocked() // the first judgement does not wait for the window's end
	}
}

// judgeLocked judges once there are enough answers of both kinds, and
// starts counting afresh.
func (j *batchJudge) judgeLocked() {
	if j.alone.n < minFloorAnswers || j.batched.n < minBatchSamples {
		return
	}
	alone, batched := j.alone.median(), j.batched.median()
	was := j.batching
	j.batching = float64(batched) <= batchInflation*float64(alone)+float64(batchSlack)
	j.alone, j.batched = latencyHist{}, latencyHist{}
	switch {
	case !j.judged:
		j.judged = true
	case j.batching == was:
		j.every = min(2*j.every, maxProbeEvery)
	default:
		j.every = 1
	}
}

// rollLocked closes the window when its time is up: with enough answers
// of both kinds, it judges, and the next window begins with a probe.
func (j *batchJudge) rollLocked() {
	now := j.now()
	if now.Sub(j.start) < judgeWindow {
		return
	}
	j.judgeLocked()
	j.start = now
	if j.since++; j.since >= j.every {
		j.since, j.probe = 0, DefaultBatchSize
		if !j.batching {
			j.probe = probeBatches * DefaultBatchSize
		}
	}
}

// judgement is whether batchable requests go in batches now, for tests.
func (j *batchJudge) judgement() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.batching
}
