package runner

import (
	"fmt"
	"runtime/debug"
	"testing"

	"github.com/graphlake/graphlake/sdk/wire"
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
// TestAFirstRoundOfManyStreamsLowersTheHeapGoal is the same for the
// checkpoints a round holds.
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
			goal := &heapGoal{getenv: func(name string) string {
				if name == "GOGC" {
					return tt.gogc
				}
				return ""
			}}
			goal.hold(tt.streams)
			if got := gcPercent(); got != tt.want {
				t.Errorf("during the round GC percent %d, want %d", got, tt.want)
			}
			goal.restore()
			if got := gcPercent(); got != 100 {
				t.Errorf("after the round GC percent %d, want 100 back", got)
			}
		})
	}
}

// TestAFirstRoundOfManyStreamsLowersTheHeapGoal: a round with no prior
// state (a pipeline's first) lowers the heap goal once it holds the
// checkpoints of largeState changed streams, not before, and restores it
// when it ends.
func TestAFirstRoundOfManyStreamsLowersTheHeapGoal(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	l := newTestLake(t)
	opts := l.options(nil)
	pr, _, err := readState(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	r := newRound(opts, pr)
	r.goal.getenv = func(string) string { return "" }
	r.goal.hold(pr.state.Len())
	for i := range largeState {
		if i == largeState-1 {
			if got := gcPercent(); got != 100 {
				t.Fatalf("with %d checkpoints held, GC percent %d, want 100", i, got)
			}
		}
		cp := &wire.Checkpoint{Stream: fmt.Sprintf("s%05d", i), Status: wire.StatusOK, Mode: wire.ModeIncremental, Fingerprint: "fp", Pages: 1,
			DeltaLink: "https://graph.test/s?token=1"}
		if err := r.handle(t.Context(), "dir", nil, ownsAll, cp); err != nil {
			t.Fatal(err)
		}
	}
	if got := gcPercent(); got != largeStateGCPercent {
		t.Errorf("with %d checkpoints held, GC percent %d, want %d", largeState, got, largeStateGCPercent)
	}
	r.goal.restore()
	if got := gcPercent(); got != 100 {
		t.Errorf("after the round GC percent %d, want 100 back", got)
	}
}
