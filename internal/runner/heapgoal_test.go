package runner

import (
	"runtime/debug"
	"testing"
)

// gcPercent reads the GC percent in force.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestALargeStateLowersTheHeapGoalForItsRound: a round whose prior state
// holds many streams runs at GOGC=50 and restores the percent in force
// after; a small state, or a GOGC the operator set, keeps it.
func TestALargeStateLowersTheHeapGoalForItsRound(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	tests := []struct {
		name    string
		streams int
		gogc    string
		want    int
	}{
		{"100,000 streams", 100_000, "", largeStateGCPercent},
		{"at the threshold", largeState, "", largeStateGCPercent},
		{"a few streams", largeState - 1, "", 100},
		{"the operator's GOGC", 100_000, "200", 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			restore := lowerHeapGoal(tt.streams, func(name string) string {
				if name == "GOGC" {
					return tt.gogc
				}
				return ""
			})
			if got := gcPercent(); got != tt.want {
				t.Errorf("during the round GC percent %d, want %d", got, tt.want)
			}
			restore()
			if got := gcPercent(); got != 100 {
				t.Errorf("after the round GC percent %d, want 100 back", got)
			}
		})
	}
}
