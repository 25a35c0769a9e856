//go:build !crashpoints

package main

import "testing"

func TestAProductionBuildIgnoresCrashSettings(t *testing.T) {
	t.Setenv("GRAPHLAKE_CRASH_AT", "fetch")
	t.Setenv("GRAPHLAKE_CHECKPOINT_EVERY", "1")
	h, err := testHooks()
	if err != nil || h.crash != nil || h.checkpointEvery != 0 {
		t.Fatalf("testHooks() = %+v, %v; want no hooks without the crashpoints build tag", h, err)
	}
}
