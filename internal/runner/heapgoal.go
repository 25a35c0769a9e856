package runner

import "runtime/debug"

// largeState is the number of prior streams from which a round lowers
// the GC's heap goal (see lowerHeapGoal).
const largeState = 20_000

// largeStateGCPercent is the GC percent of a round that holds a large
// prior state.
const largeStateGCPercent = 50

// lowerHeapGoal lowers the GC's heap goal while a round holds the prior
// state of many streams, and returns what restores it. That state (about
// 1 KB a stream: 110 MB at 100,000 mail streams) lives all round, and the
// GC at its default GOGC=100 lets the heap grow to twice what lives
// between collections: the host's peak was 277 MB for 110 MB live. At
// GOGC=50 the heap grows to 1.5 times the live heap. This is a percent of
// what lives, not a limit, so it cannot make the GC run without end as a
// memory limit near the live heap does; a round of few streams (a 1M-user
// round is one stream) keeps the default. A GOGC the operator set is left
// alone. The process runs one round at a time.
func lowerHeapGoal(streams int, getenv func(string) string) (restore func()) {
	if streams < largeState || getenv("GOGC") != "" {
		return func() {}
	}
	prev := debug.SetGCPercent(largeStateGCPercent)
	return func() { debug.SetGCPercent(prev) }
}
