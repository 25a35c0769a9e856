package runner

import (
	"runtime/debug"
	"sync"
)

// largeState is the number of streams from which a round lowers the GC's
// heap goal (see heapGoal).
const largeState = 20_000

// largeStateGCPercent is the GC percent of a round that holds a large
// state.
const largeStateGCPercent = 50

// heapGoal lowers the GC's heap goal while a round holds the states of
// many streams, and restores it after. The prior state (about 1 KB a
// stream: 110 MB at 100,000 mail streams) lives all round, and so do the
// checkpoints of the streams that changed (their sealed links: about
// 1.2 KB a stream in a pipeline's first round, which has no prior state).
// The GC at its default GOGC=100 lets the heap grow to twice what lives
// between collections: the host's peak was 277 MB for 110 MB live. At
// GOGC=50 the heap grows to 1.5 times the live heap. This is a percent of
// what lives, not a limit, so it cannot make the GC run without end as a
// memory limit near the live heap does; a round of few streams (a 1M-user
// round is one stream) keeps the default. A GOGC the operator set is left
// alone. The process runs one round at a time.
type heapGoal struct {
	getenv func(string) string

	mu sync.Mutex
	// decided: a hold reached largeState, and the goal was lowered
	// (lowered) or left to the operator's GOGC.
	decided, lowered bool
	prev             int
}

// hold lowers the heap goal, once, when the round holds the states of
// streams streams, largeState or more. The round calls it with every
// checkpoint: past the first that decides, it reads nothing more.
func (g *heapGoal) hold(streams int) {
	if streams < largeState {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.decided {
		return
	}
	g.decided = true
	if g.getenv("GOGC") != "" {
		return
	}
	g.prev, g.lowered = debug.SetGCPercent(largeStateGCPercent), true
}

// restore sets the GC percent in force before hold lowered it.
func (g *heapGoal) restore() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.lowered {
		debug.SetGCPercent(g.prev)
		g.lowered = false
	}
}
