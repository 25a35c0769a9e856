//go:build race

package graph

// raceEnabled is whether the race detector is on: its sync.Pool drops some
// of what is put back, so allocation counts that rely on a pool do not hold.
const raceEnabled = true
