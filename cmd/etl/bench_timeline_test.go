package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// roundTimeline samples the emulator's requests in flight and answered
// every step while a round runs, for GRAPHLAKE_BENCH_TIMELINE: where the
// round's time goes (launch until the first request, the ramp, the
// steady state, the tail, the commit after the last answer).
type roundTimeline struct {
	srv   *graphtest.Server
	start time.Time
	base  int64
	done  chan struct{}
	out   chan []timelineSample
}

// timelineSample is one sample: time since the round's start, requests in
// flight and answered since then.
type timelineSample struct {
	at       time.Duration
	inFlight int64
	answered int64
}

func startTimeline(srv *graphtest.Server, step time.Duration) *roundTimeline {
	t := &roundTimeline{srv: srv, start: time.Now(), base: srv.Answered(), done: make(chan struct{}), out: make(chan []timelineSample, 1)}
	go func() {
		var samples []timelineSample
		tick := time.NewTicker(step)
		defer tick.Stop()
		for {
			samples = append(samples, timelineSample{at: time.Since(t.start), inFlight: srv.InFlight(), answered: srv.Answered() - t.base})
			select {
			case <-t.done:
				t.out <- samples
				return
			case <-tick.C:
			}
		}
	}()
	return t
}

// stop ends the sampling and describes the round: the phases, then one
// line per sample.
func (t *roundTimeline) stop(wall time.Duration) string {
	close(t.done)
	samples := <-t.out
	var first, last, peakAt time.Duration = -1, -1, 0
	var peak, total int64
	for i, s := range samples {
		if first < 0 && (s.inFlight > 0 || s.answered > 0) {
			first = s.at
		}
		if s.inFlight > peak {
			peak, peakAt = s.inFlight, s.at
		}
		if i > 0 && s.answered > samples[i-1].answered {
			last = s.at
		}
		total = s.answered
	}
	var b strings.Builder
	fmt.Fprintf(&b, "round %v: first request by %v, peak %d in flight at %v, last answer by %v, %d answers, exit %v after it\n",
		wall.Round(time.Millisecond), first.Round(time.Millisecond), peak, peakAt.Round(time.Millisecond), last.Round(time.Millisecond), total, (wall - last).Round(time.Millisecond))
	for i, s := range samples {
		rate := 0.0
		if i > 0 {
			rate = float64(s.answered-samples[i-1].answered) / (s.at - samples[i-1].at).Seconds()
		}
		fmt.Fprintf(&b, "  %6.2fs in-flight %5d answered %6d (%5.0f/s)\n", s.at.Seconds(), s.inFlight, s.answered, rate)
	}
	return b.String()
}

// timelineStep is GRAPHLAKE_BENCH_TIMELINE as a sampling step; 0 when
// unset.
func timelineStep(tb testing.TB, v string) time.Duration {
	if v == "" {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		tb.Fatalf("GRAPHLAKE_BENCH_TIMELINE=%q: want a sampling step such as 100ms", v)
	}
	return d
}
