// Package gcgoal lets a plugin's garbage collector run less often while its
// heap is small.
//
// A plugin's live heap is small in most rounds (about 15 MB in an
// incremental mail round of 11,000 streams) and it allocates a lot per
// stream (about 17 KB), so at the runtime's default GOGC=100 the collector
// runs every 15 MB or so and took about a quarter of the plugin's CPU. A
// fixed higher GOGC helps such a round but multiplies the heap of a round
// whose live heap is large (GOGC=400 took the plugin over 256 MB at 200 ms
// of latency); a memory limit near a large live heap makes the collector
// run without end. So the percent is chosen again after every collection:
// as high as MaxPercent while the heap it lets grow to, with the stacks
// and globals, stays under Target, never lower than the runtime's default
// 100, which is what a large live heap or many goroutines get, as before. A memory limit (Limit) bounds the
// whole. A GOGC or GOMEMLIMIT set in the environment wins: then nothing is
// changed.
package gcgoal

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

const (
	// Target is what, in bytes, the chosen percent lets the heap goal
	// plus the stacks and globals grow to at most; when the default's goal
	// is already larger, the default is chosen.
	Target = 64 << 20
	// MaxPercent is the highest percent chosen.
	MaxPercent = 300
	// DefaultPercent is the runtime's GOGC default, the lowest chosen.
	DefaultPercent = 100
	// Limit is the memory limit set alongside (debug.SetMemoryLimit): far
	// above the heap Target lets grow to, so it bounds a sudden growth
	// without ever holding the collector near a live heap.
	Limit = 240 << 20
)

// Percent returns the GC percent for a live heap of live bytes, with scan
// bytes of stacks and globals that the runtime adds to the heap goal's
// base: the highest percent in [DefaultPercent, MaxPercent] whose heap
// goal, live + (live+scan)×percent/100, and the stacks and globals
// together stay within Target. Many goroutines' stacks (a round of 2,000
// requests in flight) thus keep the default.
func Percent(live, scan uint64) int {
	base := live + scan
	if base == 0 || base >= Target {
		return DefaultPercent
	}
	p := int((Target - base) * 100 / base)
	return min(max(p, DefaultPercent), MaxPercent)
}

// Start tunes the collector unless getenv finds GOGC or GOMEMLIMIT set,
// and returns what stops it and restores the percent and the limit in
// force before; a plugin process never stops it. started is false when it
// changed nothing.
func Start(getenv func(string) string) (stop func(), started bool) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}, false
	}
	prevLimit := debug.SetMemoryLimit(Limit)
	t := &tuner{percent: debug.SetGCPercent(DefaultPercent), samples: []metrics.Sample{
		{Name: "/gc/heap/live:bytes"}, {Name: "/gc/scan/stack:bytes"}, {Name: "/gc/scan/globals:bytes"},
	}}
	prevPercent := t.percent
	t.percent = DefaultPercent
	t.adjust()
	t.arm()
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.stopped = true
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	}, true
}

// tuner re-chooses the percent after each collection.
type tuner struct {
	mu      sync.Mutex
	stopped bool
	percent int
	samples []metrics.Sample
}

// sentinel is an object whose finalizer runs once per collection.
type sentinel struct{ t *tuner }

// arm makes a new sentinel, unreachable at once: the next collection
// finalizes it, which adjusts the percent and arms the next one.
func (t *tuner) arm() {
	runtime.SetFinalizer(&sentinel{t: t}, func(s *sentinel) {
		if s.t.adjust() {
			s.t.arm()
		}
	})
}

// adjust sets the percent for the live heap the last collection found,
// when it changed, and reports whether the tuner still runs.
func (t *tuner) adjust() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return false
	}
	metrics.Read(t.samples)
	var v [3]uint64
	for i, s := range t.samples {
		if s.Value.Kind() == metrics.KindUint64 {
			v[i] = s.Value.Uint64()
		}
	}
	if p := Percent(v[0], v[1]+v[2]); p != t.percent {
		t.percent = p
		debug.SetGCPercent(p)
	}
	return true
}
