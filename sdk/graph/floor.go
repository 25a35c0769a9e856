package graph

import (
	"math"
	"time"
)

// latencyFloor is the latency at which Graph answers when the client does
// not press on it: the lowest median of a rateBucket's answers (at least
// minFloorAnswers of them) over the current and the previous floorWindow,
// the bucket still counting included.
// An answer slower than twice the floor (and latencySlack) is slow. A
// median, not the fastest answer: Graph's latencies are a spread with a
// long tail, and the fastest of thousands of answers is far below what
// most requests take, so that a tail alone made most answers "slow" (at
// a fastest answer of 120 ms and a median of 300, three in five). A
// queue that the client builds moves the median; a tail does not. The
// slowest request of a JSON batch sets its answer's latency, so batched
// answers have a floor of their own. Until a bucket has enough answers,
// the median of the first answers stands in.
type latencyFloor struct {
	// cur and prev are the lowest bucket medians of the current and the
	// previous window; 0: none yet.
	cur, prev time.Duration
	// start is when the current window began.
	start time.Time
	// bucket is the rateBucket that hist counts.
	bucket int64
	hist   latencyHist
}

// add takes one answer's latency at now.
func (f *latencyFloor) add(latency time.Duration, now time.Time) {
	if b := now.UnixNano() / int64(rateBucket); b != f.bucket {
		f.closeBucket()
		f.bucket = b
	}
	if now.Sub(f.start) >= floorWindow {
		f.prev, f.cur = f.cur, 0
		f.start = now
	}
	f.hist.add(latency)
}

// closeBucket takes the bucket's median into the floor, when it counts
// enough answers, and empties it.
func (f *latencyFloor) closeBucket() {
	if f.hist.n >= minFloorAnswers {
		if m := f.hist.median(); f.cur == 0 || m < f.cur {
			f.cur = m
		}
	}
	f.hist = latencyHist{}
}

// floor is the lowest median of the closed buckets of both windows and
// of the bucket still counting, once it has minFloorAnswers answers; the
// counting bucket's median of fewer while there is nothing else (the
// first answers); 0 before any answer.
func (f *latencyFloor) floor() time.Duration {
	m := lowest(f.cur, f.prev)
	if f.hist.n >= minFloorAnswers || (m == 0 && f.hist.n > 0) {
		m = lowest(m, f.hist.median())
	}
	return m
}

// lowest is the lower of a and b that is set (not 0).
func lowest(a, b time.Duration) time.Duration {
	if a == 0 || (b > 0 && b < a) {
		return b
	}
	return a
}

// histBinsPerOctave and histBins shape latencyHist: quarter-octave bins
// from 1 µs to about four minutes.
const (
	histBinsPerOctave = 4
	histBins          = 28 * histBinsPerOctave
)

// latencyHist counts latencies in logarithmic bins: its median is within
// 10% of the true one either way.
type latencyHist struct {
	n    int
	bins [histBins]uint32
}

// add counts d.
func (h *latencyHist) add(d time.Duration) {
	us := max(d.Microseconds(), 1)
	i := min(int(histBinsPerOctave*math.Log2(float64(us))), histBins-1)
	h.bins[i]++
	h.n++
}

// median is the middle of the bin holding the median latency.
func (h *latencyHist) median() time.Duration {
	half, seen := uint32((h.n+1)/2), uint32(0)
	for i, n := range h.bins {
		if seen += n; seen >= half {
			return time.Duration(math.Exp2((float64(i)+0.5)/histBinsPerOctave) * float64(time.Microsecond))
		}
	}
	return 0
}
