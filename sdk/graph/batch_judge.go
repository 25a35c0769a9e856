package graph

import (
	"math"
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
	// maxBatchSamples is the most batches a window keeps for its
	// judgement; more tell nothing new.
	maxBatchSamples = 1024
	// firstWindowAnswers is how many lone answers end the first window
	// before judgeWindow: the answers to the first requests the adaptive
	// limit lets through (DefaultInitialConcurrency), a round trip's
	// worth. Where Graph answers in 200 ms they come after judgeWindow
	// and change nothing; on a fast link (a loopback, the emulator) a
	// round of 11,000 streams otherwise sent its first 3,000 requests
	// alone, a third of the round at half the rate batches reach.
	firstWindowAnswers = DefaultInitialConcurrency
)

// batchJudge decides whether batching pays: a JSON batch answers when
// its slowest request is done, so where Graph's latencies spread with a
// long tail, a batch of 20 answers near the tail (the emulator's
// long-tailed latencies, a median of 200 ms: most batches took 500 ms
// to 1 s) and a round whose requests in flight are bounded serves fewer
// a second than it would alone; where they do not, batching saves CPU on
// both sides at no cost.
//
// Over each judgeWindow the judge counts the batchable requests' answers
// sent alone (their median latency) and keeps each batch's latency and
// size. A batch is fast when it answered within batchInflation times the
// lone median (at a round's end, the lower of this window's and the
// last judgement's: see lastAlone) plus batchSlack. Requests are batched
// while the batches show that a full one (the size batching sends) is
// fast at least half of the time, with a margin. A batch smaller than full says less: it holds
// fewer requests that could be slow (under load, a probe's requests may
// not all come within its linger, and its batches then hold 10 to 20: a
// tail of 15% misses a batch of 10 one time in five, one of 20 one time
// in 25). So the judge weighs the batches by their sizes
// (fastBatchesPay): it wants minBatchSamples batches of at least smallest
// requests and minFloorAnswers lone answers.
//
// In a window that probes, the first requests go the other way, so that
// both kinds stay known and the judge changes its mind when Graph's
// latencies change: DefaultBatchSize alone, or probeBatches batches'
// worth; every window at first, then, while the judgement stands, every
// other, every fourth, up to every sixteenth. It starts with requests
// alone, and probes from its second window on, which begins after
// judgeWindow or once the first round trip's lone answers are in
// (firstWindowAnswers), whichever is sooner: until it knows, a batch
// risks the tail, and the first requests, few (the adaptive limit starts
// at 32), are the ones whose answers set the pace of the adaptive
// limit's climb (a first probe of 60 requests made the climb's first
// round trip that of a batch: under a long tail, the round took a second
// longer).
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
	// alone counts this window's lone answers by latency; batches are
	// its batches' answers, at most maxBatchSamples.
	alone   latencyHist
	batches []batchSample
	// lastAlone and lastAloneN are the lone answers' median and count at
	// the last judgement. A window's answers are those that came in it,
	// and at a round's end they are its slowest, its stragglers: a window
	// of 25 lone answers at a median of 960 ms, where the one before had
	// 135 at 140 ms, found batches of 1 s fast. So a window with fewer
	// than a third of the last one's lone answers compares its batches
	// with the lower of the two medians. Not every window does: on a
	// loopback whose CPU saturates, the lone answers went from 5 ms to 85
	// ms between two windows (293 answers after 763) while batches took
	// 40 to 80, and the lower median kept requests alone.
	lastAlone  time.Duration
	lastAloneN int
	// judged: the first judgement was made.
	judged bool
	// rolled: the first window ended.
	rolled bool
	// every is how many windows go from one probe to the next, and since
	// how many went since the last: it doubles with each judgement that
	// confirms the last, up to maxProbeEvery, and is 1 again when the
	// judgement changes. Probes cost: under a long tail, a probe's batch
	// answers at its slowest request, and one sent near a round's end
	// delays the round's end by as much.
	every, since int
	// full is the size of the batches batching sends, and smallest the
	// smallest batch weighed (half of full): a batch of a few requests
	// tells little of a full one's tail.
	full, smallest int
}

// batchSample is one batch's answer: how long it took and how many
// requests it carried.
type batchSample struct {
	latency time.Duration
	size    int
}

// newBatchJudge starts with requests alone; its first probe goes in the
// second window (after judgeWindow, or sooner: firstWindowAnswers).
// Batching sends batches of full requests.
func newBatchJudge(now func() time.Time, full int) *batchJudge {
	return &batchJudge{now: now, start: now(), full: full, smallest: max(2, full/2), every: 1}
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
	case size >= j.smallest && len(j.batches) < maxBatchSamples:
		j.batches = append(j.batches, batchSample{latency, size})
	}
	if !j.judged {
		j.judgeLocked() // the first judgement does not wait for the window's end
	}
}

// judgeLocked judges once there are enough answers of both kinds, and
// starts counting afresh.
func (j *batchJudge) judgeLocked() {
	if j.alone.n < minFloorAnswers || len(j.batches) < minBatchSamples {
		return
	}
	was := j.batching
	median := j.alone.median()
	alone := median
	if straggling := 3*j.alone.n < j.lastAloneN; straggling {
		alone = min(alone, j.lastAlone)
	}
	j.lastAlone, j.lastAloneN = median, j.alone.n
	fast := time.Duration(batchInflation*float64(alone)) + batchSlack
	j.batching = fastBatchesPay(j.batches, fast, j.full)
	j.alone, j.batches = latencyHist{}, j.batches[:0]
	switch {
	case !j.judged:
		j.judged = true
	case j.batching == was:
		j.every = min(2*j.every, maxProbeEvery)
	default:
		j.every = 1
	}
}

// fastBatchesPay reports whether the batches show that a batch of full
// requests answers within fast at least half of the time, with a margin
// of one batch: it would still pay with one more full batch answering
// slow. Its model: each request of a batch is slow (past fast) on its
// own, with the same chance p, so a batch of k answers within fast with
// chance q^k, q = 1-p. The most likely q, given which batches were fast,
// is at least the q0 at which a full batch is fast half of the time
// (q0^full = 1/2) exactly when the likelihood still grows at q0: when
//
//	sum of k over fast batches >= sum of k*r/(1-r) over slow ones, r = q0^k,
//
// to which the margin adds full on the right. For batches of full size (r = 1/2) that is as many fast ones as slow
// ones and one more (two of a probe's three); a slow batch of half the
// size weighs 2.4 times its size. The margin is for the few batches a
// probe sends: without it, fast batches of 14 and 10 outweighed a slow
// one of 20, and a tail of 15% (which a batch of 20 misses one time in
// 25) was batched after 3% of probes. A margin of more (three fast
// batches of three) kept a saturated loopback's rounds alone, where a
// batch is now and then slow as a whole: 9 batches in a round of
// 11,000 requests, where the last release's judge sent about 500.
func fastBatchesPay(batches []batchSample, fast time.Duration, full int) bool {
	forBatching, against := 0.0, float64(full)
	for _, b := range batches {
		k := float64(b.size)
		if b.latency <= fast {
			forBatching += k
			continue
		}
		r := math.Exp2(-k / float64(full))
		against += k * r / (1 - r)
	}
	return forBatching >= against
}

// rollLocked closes the window when its time is up: with enough answers
// of both kinds, it judges, and the next window begins with a probe.
func (j *batchJudge) rollLocked() {
	now := j.now()
	firstAnswered := !j.rolled && j.alone.n >= firstWindowAnswers
	if now.Sub(j.start) < judgeWindow && !firstAnswered {
		return
	}
	j.rolled = true
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
