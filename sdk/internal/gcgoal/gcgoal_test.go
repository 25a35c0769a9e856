package gcgoal

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestPercent: a small live heap gets a high percent, bounded by
// MaxPercent and by Target; a large one gets the runtime's default.
func TestPercent(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name       string
		live, scan uint64
		want       int
	}{
		{"no collection yet", 0, 0, DefaultPercent},
		{"a tiny heap: the ceiling", 2 * mb, 1 * mb, MaxPercent},
		{"a small heap: the ceiling", 10 * mb, 2 * mb, MaxPercent},
		{"the mail round's 15 MB and 5 MB of stacks", 15 * mb, 5 * mb, 220},
		{"20 MB: the goal stays at Target", 20 * mb, 2 * mb, 190},
		{"half of Target: the default", Target / 2, 0, DefaultPercent},
		{"a large heap: the default, as before", 120 * mb, 10 * mb, DefaultPercent},
		{"large stacks keep the default", 10 * mb, 200 * mb, DefaultPercent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Percent(tt.live, tt.scan)
			if got != tt.want {
				t.Errorf("Percent(%d MB, %d MB) = %d, want %d", tt.live/mb, tt.scan/mb, got, tt.want)
			}
			if goal := tt.live + (tt.live+tt.scan)*uint64(got)/100 + tt.scan; got > DefaultPercent && goal > Target {
				t.Errorf("heap goal %d MB over Target", goal/mb)
			}
		})
	}
}

// TestStart: unless the operator set GOGC or GOMEMLIMIT, Start sets the
// memory limit and raises the percent after a collection of a small heap;
// stop restores both. Either variable set leaves both alone.
func TestStart(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(DefaultPercent))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	tests := []struct {
		name        string
		env         map[string]string
		wantStarted bool
	}{
		{"nothing set", nil, true},
		{"the operator's GOGC", map[string]string{"GOGC": "200"}, false},
		{"the operator's GOMEMLIMIT", map[string]string{"GOMEMLIMIT": "1GiB"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stop, started := Start(func(k string) string { return tt.env[k] })
			if started != tt.wantStarted {
				t.Fatalf("started %v, want %v", started, tt.wantStarted)
			}
			wantLimit, wantPercent := int64(math.MaxInt64), DefaultPercent
			if started {
				wantLimit, wantPercent = Limit, MaxPercent
			}
			if got := debug.SetMemoryLimit(-1); got != wantLimit {
				t.Errorf("memory limit %d, want %d", got, wantLimit)
			}
			// The test's heap is small: after a collection (and its
			// finalizers) the percent is the ceiling.
			deadline := time.Now().Add(5 * time.Second)
			for gcPercent() != wantPercent && time.Now().Before(deadline) {
				runtime.GC()
				time.Sleep(time.Millisecond)
			}
			if got := gcPercent(); got != wantPercent {
				t.Errorf("GC percent %d, want %d", got, wantPercent)
			}
			stop()
			if got, gotLimit := gcPercent(), debug.SetMemoryLimit(-1); got != DefaultPercent || gotLimit != math.MaxInt64 {
				t.Errorf("after stop: percent %d and limit %d, want %d and no limit", got, gotLimit, DefaultPercent)
			}
		})
	}
}

// gcPercent reads the GC percent in force.
func gcPercent() int {
	p := debug.SetGCPercent(DefaultPercent)
	debug.SetGCPercent(p)
	return p
}
