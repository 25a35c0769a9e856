package graph

import (
	"context"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Defaults of the adaptive tenant-wide limits (see Limits and README,
// "How hard the client presses on Graph").
const (
	// DefaultInitialConcurrency is how many requests may be in flight at
	// the start of a Client's life, before any answer came back. A larger
	// start (128 was tried) makes the first burst against a throttling
	// tenant larger: its refusals come back before most of its served
	// answers, so the rate set from "what Graph served over the last
	// second" starts far too low (against 60 requests a second, the round
	// served 13-35 a second where 32 served 30-55).
	DefaultInitialConcurrency = 32
	// DefaultMaxConcurrency is the most requests the adaptive limit lets
	// be in flight at once, tenant-wide: 2,048 at Graph's usual 200 ms is
	// about 10,000 requests a second, under Graph's global limit of
	// 130,000 requests per 10 s per app (GRAPH-DELTA.md §4); Outlook's
	// limits are per mailbox.
	DefaultMaxConcurrency = 2048
)

// The controller's constants.
const (
	// backOffFactor is the multiplicative decrease on throttling, of the
	// concurrency and of the rate.
	backOffFactor = 0.5
	// floorWindow is how long a latency floor is kept: the floor is the
	// lowest of the current and the previous window's, so that it follows
	// Graph when its latency moves (see latencyFloor).
	floorWindow = 10 * time.Second
	// minFloorAnswers is the fewest answers of a rateBucket whose median
	// may set the latency floor.
	minFloorAnswers = 8
	// latencySlack is added to twice the floor to make the tolerance: an
	// answer within it is "near the floor".
	latencySlack = 10 * time.Millisecond
	// rateBackOff is the share of the rate Graph served over the last
	// second that the rate drops to when Graph throttles.
	rateBackOff = 0.7
	// rateNear is the share of that served rate up to which the rate
	// climbs back quickly, by rateQuick of it per second; above it, the
	// rate probes upwards by rateProbe of it per second.
	rateNear, rateQuick, rateProbe = 0.9, 0.1, 0.01
	// slowShare is the share of the last second's unthrottled answers
	// that must be slower than the tolerance, and minSlow the fewest, to
	// end slow start: a majority, so that the median answer is past
	// twice the floor (see latencyFloor). A queue that the limit itself builds slows
	// most answers at once, since every request waits in it. A tail does
	// not: on a loaded machine a few answers always arrive late (a
	// descheduled reader, a GC pause), and Graph's own latencies are not
	// one figure but a spread with a long tail. At a tenth, slow start
	// ended on that spread (the emulator's long-tailed latencies, a
	// third of the answers past twice the fastest: the limit stopped
	// near 800 and grew by one a round trip after, and a mail round of
	// 11,000 streams ran at 1,825 streams/s where a fixed latency of the
	// same median gave 3,600).
	slowShare = 0.5
	minSlow   = 4
	// slowStartStep is what each answer near the floor adds to the limit
	// in slow start: the limit grows fourfold every round trip (32, 128,
	// 512, 2,048 at the defaults: three round trips, 0.6 s at Graph's
	// usual 200 ms). Doubling, TCP's one per answer, took six round trips
	// to the default most, and a mail round of 11,000 streams spent about
	// a third of its time climbing with few requests in flight. A faster
	// climb only makes the burst that first meets a throttling tenant's
	// limit larger, not the first requests: the start stays at 32, whose
	// answers tell the latency floor and whether Graph throttles at all,
	// and the first refusals still halve the limit and set the rate from
	// what Graph served.
	slowStartStep = 3
	// minRateSignal is the fewest answers over the last second from which
	// a throttled answer sets the rate.
	minRateSignal = 10
	// minThrottledShare is the share of the last second's answers that
	// must be throttled for a throttled answer to back off, however few
	// they are (a low limit answers few, and halving it on every stray
	// 429 would only lower it further): above a limit
	// Graph refuses much of what comes, while a stray 429 (one busy
	// mailbox's TooManyRequests, a gateway's) among many served answers
	// says nothing of the tenant's rate. Backing off on each stray one
	// measures the served rate from the lowered rate every time, and the
	// rate collapses. A stray one still waits out its Retry-After.
	minThrottledShare = 0.1
	// minThrottledCount is the fewest throttled answers over the last
	// second that back off, whatever their share: at a low volume a share
	// is noise (two stray 429s among 16 answers are 12%, and backing off
	// on them lowers the volume, which makes the next stray pair a larger
	// share: the rate collapsed to a few requests a second in CI under
	// load with 5% of answers throttled at random). Five of a second's
	// answers throttled by chance at a 5% stray rate is rarer than one in
	// 300 even at 20 answers a second, while a limit that Graph enforces
	// refuses that many as soon as the client presses on it; below it, the
	// throttled requests still wait out their Retry-After.
	minThrottledCount = 5
	// rateBuckets × rateBucket is the span over which the served rate is
	// measured, a second.
	rateBuckets = 4
	rateBucket  = 250 * time.Millisecond
)

// controller is the adaptive tenant-wide limit of a Client: how many
// requests may be in flight at once (AIMD, as TCP's congestion window),
// and, once Graph has throttled, how many may start per second.
//
//   - Concurrency starts at the initial limit. An answer that comes back
//     near the latency floor (within twice the floor, see latencyFloor,
//     plus latencySlack; each kind of answer, alone or batched, against
//     its own), unthrottled, while the limit was in use (at
//     least half of it in flight), raises it: by slowStartStep per answer
//     while in slow start, which makes it fourfold every round trip, then
//     by one per round trip (1/limit per answer). An answer slower than that holds the
//     limit; once slow answers are a share of the last second's (slowShare,
//     at least minSlow), slow start ends. A throttled answer (429 outside a
//     mailbox's own limit, or 503) halves it and ends slow start.
//   - The rate has no ceiling until Graph throttles (or the configured
//     one). A throttled answer sets it to rateBackOff of the rate Graph
//     served over the last second (when that is at least minRateSignal), which is what Graph sustains: the
//     client settles below Graph's limit. While the rate is what holds
//     requests back and Graph does not throttle, it climbs back, quickly
//     up to rateNear of that served rate, then slowly, probing whether
//     Graph now serves more.
//   - At most one decrease per round trip and Retry-After: an answer to a
//     request sent before the last decrease, or before the Retry-After of
//     the answer that caused it ran out and a second more passed, does
//     not decrease again (Graph refuses everything sent meanwhile, and the
//     served rate needs a second to show the change; that is one signal,
//     not many).
type controller struct {
	mu  sync.Mutex
	now func() time.Time

	// fixed: the concurrency limit does not adapt.
	fixed    bool
	limit    float64
	max      float64
	ssthresh float64
	inFlight int
	waiters  []*waiter
	// busy is when the limit was last in use: at least half of it in
	// flight, or requests waiting. Answers to requests sent before it
	// tell that the limit holds Graph's pace back; others do not.
	busy time.Time
	// calm is when the last decrease stops covering throttled answers:
	// those to requests sent before it do not decrease again.
	calm time.Time

	// floors are the latency floors of answers to requests sent alone
	// and of answers that came in a JSON batch's answer, which comes when
	// the slowest of its requests is done: each answer is judged against
	// answers of its own kind.
	floors [2]latencyFloor

	rate    *rate.Limiter // Inf until throttled or configured
	rateMax float64       // the configured ceiling; +Inf when none
	// served is the rate Graph served when it last throttled; 0 before.
	served  float64
	grownAt time.Time
	boundAt time.Time // when a request last waited for the rate
	// answered counts unthrottled answers per rateBucket, throttled the
	// throttled ones.
	answered, throttled secondCounts
	// slow counts the unthrottled answers slower than the tolerance per
	// rateBucket.
	slow secondCounts
}

// secondCounts counts answers per rateBucket over the last second.
type secondCounts [rateBuckets]struct {
	bucket int64
	n      int
}

// add counts one answer at now.
func (s *secondCounts) add(now time.Time) {
	b := now.UnixNano() / int64(rateBucket)
	if a := &s[b%rateBuckets]; a.bucket != b {
		a.bucket, a.n = b, 1
	} else {
		a.n++
	}
}

// lastSecond sums the answers counted over the rateBuckets × rateBucket
// before now.
func (s *secondCounts) lastSecond(now time.Time) int {
	b := now.UnixNano() / int64(rateBucket)
	n := 0
	for _, a := range s {
		if a.bucket > b-rateBuckets {
			n += a.n
		}
	}
	return n
}

// waiter is a request waiting for a concurrency slot.
type waiter struct {
	ready   chan struct{}
	granted bool
}

// answer is what one attempt's answer tells the limits.
type answer struct {
	// sent is when the request got its slot.
	sent time.Time
	// latency is the time from sending the request to its answer's
	// headers; zero when no answer came (a transport failure).
	latency time.Duration
	// throttled: Graph answered 429 (outside a mailbox's own limit) or 503.
	throttled bool
	// after is the answer's Retry-After, at most the Client's
	// MaxRetryWait (0: none).
	after time.Duration
	// mailboxThrottled: Graph answered 429 ApplicationThrottled to a
	// mailbox request, which holds that mailbox only.
	mailboxThrottled bool
	// status is the answer's HTTP status (0: none, or not judged).
	status int
	// batched: the answer came in a JSON batch's answer, whose latency is
	// its slowest request's.
	batched bool
}

// controllerConfig is what newController needs from Limits.
type controllerConfig struct {
	concurrency    int     // >0 fixed, 0 adaptive, <0 none
	initial, max   int     // adaptive bounds
	requestsPerSec float64 // configured ceiling; <=0 none
	burst          int     // the configured ceiling's burst; 0: burstFor
}

func newController(cfg controllerConfig, now func() time.Time) *controller {
	c := &controller{now: now, rateMax: math.Inf(1), ssthresh: math.Inf(1), grownAt: now()}
	for i := range c.floors {
		c.floors[i].start = now()
	}
	switch {
	case cfg.concurrency > 0:
		c.fixed, c.limit, c.max = true, float64(cfg.concurrency), float64(cfg.concurrency)
	case cfg.concurrency < 0:
		c.fixed, c.limit, c.max = true, math.Inf(1), math.Inf(1)
	default:
		c.max = float64(cmp0(cfg.max, DefaultMaxConcurrency))
		c.limit = math.Min(float64(cmp0(cfg.initial, DefaultInitialConcurrency)), c.max)
	}
	limit := rate.Inf
	if cfg.requestsPerSec > 0 {
		c.rateMax = cfg.requestsPerSec
		limit = rate.Limit(cfg.requestsPerSec)
	}
	burst := burstFor(float64(limit))
	if cfg.burst > 0 {
		burst = cfg.burst
	}
	c.rate = rate.NewLimiter(limit, burst)
	return c
}

// cmp0 is v, or def when v is not positive.
func cmp0(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// burstFor is the burst of a rate: a tenth of a second's worth, at least 1.
func burstFor(r float64) int {
	if r >= float64(rate.Inf) || r <= 0 {
		return 1
	}
	return max(1, int(math.Ceil(r/10)))
}

// acquire waits for the rate, then for a concurrency slot, or for ctx to
// end. It returns the time to put in the request's answer.
func (c *controller) acquire(ctx context.Context) (time.Time, error) {
	if r := c.rate.Reserve(); r.OK() && r.Delay() > 0 {
		d := r.Delay()
		c.mu.Lock()
		c.boundAt = c.now()
		c.mu.Unlock()
		if err := sleepContext(ctx, d); err != nil {
			r.Cancel()
			return time.Time{}, err
		}
	}
	c.mu.Lock()
	if float64(c.inFlight) < c.limit && len(c.waiters) == 0 {
		c.inFlight++
		return c.started(), nil
	}
	w := &waiter{ready: make(chan struct{})}
	c.waiters = append(c.waiters, w)
	c.mu.Unlock()
	select {
	case <-w.ready:
		c.mu.Lock()
		return c.started(), nil
	case <-ctx.Done():
		c.mu.Lock()
		defer c.mu.Unlock()
		if w.granted {
			c.inFlight--
			c.grantLocked()
		} else {
			c.waiters = dropWaiter(c.waiters, w)
		}
		return time.Time{}, context.Cause(ctx)
	}
}

// started returns the time a request got its slot; it unlocks c.mu,
// which the caller holds.
func (c *controller) started() time.Time {
	defer c.mu.Unlock()
	now := c.now()
	if float64(c.inFlight) >= c.limit/2 || len(c.waiters) > 0 {
		c.busy = now
	}
	return now
}

// release frees the request's slot and learns from its answer.
func (c *controller) release(s answer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight--
	switch {
	case s.throttled:
		c.throttled.add(c.now())
		c.decreaseLocked(s.sent, s.after)
	case s.latency > 0:
		c.learnLocked(s.latency, s.batched, !c.busy.Before(s.sent))
	}
	c.grantLocked()
}

// learnLocked takes an unthrottled answer's latency.
func (c *controller) learnLocked(latency time.Duration, batched, inUse bool) {
	now := c.now()
	floor := &c.floors[0]
	if batched {
		floor = &c.floors[1]
	}
	floor.add(latency, now)
	c.answered.add(now)
	if !c.fixed {
		switch {
		case latency > 2*floor.floor()+latencySlack:
			c.slow.add(now)
			if slow := c.slow.lastSecond(now); slow >= minSlow && float64(slow) >= slowShare*float64(c.answered.lastSecond(now)) {
				c.ssthresh = math.Min(c.ssthresh, c.limit)
			}
		case !inUse:
		case c.limit < c.ssthresh:
			c.limit = math.Min(c.limit+slowStartStep, c.max)
		default:
			c.limit = math.Min(c.limit+1/c.limit, c.max)
		}
	}
	if c.served > 0 && now.Sub(c.boundAt) < time.Second {
		if dt := now.Sub(c.grownAt).Seconds(); dt >= 0.1 {
			r := float64(c.rate.Limit())
			step := rateProbe
			if r < rateNear*c.served {
				step = rateQuick
			}
			c.setRateLocked(r + step*c.served*dt)
			c.grownAt = now
		}
	} else {
		c.grownAt = now
	}
}

// decreaseLocked backs off, unless the request was sent before the last
// decrease calmed down: the concurrency halves, and the rate drops to
// rateBackOff of what Graph served over the last second.
func (c *controller) decreaseLocked(sent time.Time, after time.Duration) {
	if !sent.After(c.calm) {
		return
	}
	if thr, ok := c.throttled.lastSecond(c.now()), c.answered.lastSecond(c.now()); thr < minThrottledCount || float64(thr) < minThrottledShare*float64(thr+ok) {
		return // stray throttled answers: too few, or few among many served ones
	}
	now := c.now()
	c.calm = now.Add(after + rateBuckets*rateBucket)
	if !c.fixed {
		c.limit = math.Max(1, c.limit*backOffFactor)
		c.ssthresh = c.limit
	}
	served := float64(c.answered.lastSecond(now))
	if served < minRateSignal {
		return // too few answers to tell a rate: the halved concurrency and Retry-After do
	}
	c.served = served
	c.setRateLocked(math.Min(served, float64(c.rate.Limit())) * rateBackOff)
	c.grownAt = now
}

// setRateLocked sets the rate, within the configured ceiling.
func (c *controller) setRateLocked(r float64) {
	r = math.Min(r, c.rateMax)
	now := c.now()
	c.rate.SetLimitAt(now, rate.Limit(r))
	c.rate.SetBurstAt(now, burstFor(r))
}

// grantLocked hands free slots to waiters, first come first served.
func (c *controller) grantLocked() {
	for len(c.waiters) > 0 && float64(c.inFlight) < c.limit {
		w := c.waiters[0]
		c.waiters[0] = nil
		c.waiters = c.waiters[1:]
		w.granted = true
		c.inFlight++
		close(w.ready)
	}
}

// Concurrency is the current limit of requests in flight, at least 1;
// math.MaxInt when there is none.
func (c *controller) concurrency() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if math.IsInf(c.limit, 1) {
		return math.MaxInt
	}
	return max(1, int(c.limit))
}

// state is the controller's limit and rate, for tests and logs.
func (c *controller) state() (limit float64, perSecond float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rate.Limit() == rate.Inf {
		return c.limit, math.Inf(1)
	}
	return c.limit, float64(c.rate.Limit())
}
