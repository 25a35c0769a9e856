//go:build !race

package graph

// raceEnabled is whether the race detector is on (see race_internal_test.go).
const raceEnabled = false
