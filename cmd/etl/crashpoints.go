//go:build crashpoints

package main

// The test build of etl (go build -tags crashpoints) reads two settings
// from the environment; production builds compile hooks_off.go instead and
// never kill themselves.
//
//	GRAPHLAKE_CRASH_AT=step[:n]     SIGKILL itself the n-th time `etl run` reaches step
//	                                (package crashpoint lists the steps)
//	GRAPHLAKE_CHECKPOINT_EVERY=k    write a state checkpoint every k rounds

import (
	"fmt"
	"os"
	"strconv"
	"syscall"

	"github.com/graphlake/graphlake/internal/crashpoint"
)

func testHooks() (roundHooks, error) {
	var h roundHooks
	if spec := os.Getenv("GRAPHLAKE_CRASH_AT"); spec != "" {
		step, n, err := crashpoint.Parse(spec)
		if err != nil {
			return h, withCode(exitConfig, fmt.Errorf("GRAPHLAKE_CRASH_AT: %w", err))
		}
		h.crash = crashpoint.At(step, n, killSelf)
	}
	if every := os.Getenv("GRAPHLAKE_CHECKPOINT_EVERY"); every != "" {
		k, err := strconv.ParseInt(every, 10, 64)
		if err != nil || k < 1 {
			return h, withCode(exitConfig, fmt.Errorf("GRAPHLAKE_CHECKPOINT_EVERY=%q: want a number from 1", every))
		}
		h.checkpointEvery = k
	}
	return h, nil
}

// killSelf sends SIGKILL to this process: no deferred function, no
// cleanup, no flush runs, as when the kernel or a kubelet kills it.
func killSelf() {
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // the signal is on its way; go no further
}
