// Package profile writes Go CPU and heap profiles of a process when
// GRAPHLAKE_PROFILE_DIR names a folder: the host and each plugin process
// profile themselves, so a benchmark's hot paths can be read with
// `go tool pprof`. It is off, and costs nothing, when the variable is unset.
package profile

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// EnvDir is the environment variable naming the profiles' folder.
const EnvDir = "GRAPHLAKE_PROFILE_DIR"

// Start begins a CPU profile named after name and the process id when
// $GRAPHLAKE_PROFILE_DIR is set (getenv reads it), and keeps a heap
// profile of the live heap's peak (NAME-PID.peak.pprof). The returned stop
// ends them and writes the allocations profile (NAME-PID.heap.pprof); it
// reports failures to warn. When the variable is unset, Start does nothing
// and stop is a no-op.
func Start(getenv func(string) string, name string, warn func(error)) (stop func()) {
	dir := getenv(EnvDir)
	if dir == "" {
		return func() {}
	}
	base := filepath.Join(dir, fmt.Sprintf("%s-%d", name, os.Getpid()))
	cpu, err := os.Create(base + ".cpu.pprof")
	if err != nil {
		warn(fmt.Errorf("profile: %w", err))
		return func() {}
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		warn(fmt.Errorf("profile: start the CPU profile: %w", err))
		_ = cpu.Close()
		return func() {}
	}
	done := make(chan struct{})
	go watchPeak(base+".peak.pprof", done, warn)
	return func() {
		close(done)
		pprof.StopCPUProfile()
		if err := cpu.Close(); err != nil {
			warn(fmt.Errorf("profile: %w", err))
		}
		if err := writeHeap(base + ".heap.pprof"); err != nil {
			warn(fmt.Errorf("profile: %w", err))
		}
	}
}

// watchPeak rewrites a heap profile at path whenever the live heap
// (measured after a collection) reaches a new high, until done closes: it
// shows what the process held at its peak.
func watchPeak(path string, done <-chan struct{}, warn func(error)) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var peak uint64
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
		}
		metrics.Read(sample)
		if live := sample[0].Value.Uint64(); live > peak+peak/20 {
			peak = live
			if err := writeProfile(path, "heap"); err != nil {
				warn(fmt.Errorf("profile: %w", err))
				return
			}
		}
	}
}

// writeProfile writes the named runtime profile to path.
func writeProfile(path, name string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		_ = f.Close()
		return fmt.Errorf("write the %s profile: %w", name, err)
	}
	return f.Close()
}

// writeHeap writes the allocations profile, after a collection so that
// its in-use figures are current.
func writeHeap(path string) error {
	runtime.GC()
	return writeProfile(path, "allocs")
}
