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
	"runtime/pprof"
)

// EnvDir is the environment variable naming the profiles' folder.
const EnvDir = "GRAPHLAKE_PROFILE_DIR"

// Start begins a CPU profile named after name and the process id when
// $GRAPHLAKE_PROFILE_DIR is set (getenv reads it). The returned stop ends
// it and writes a heap profile beside it; it reports failures to warn. When
// the variable is unset, Start does nothing and stop is a no-op.
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
	return func() {
		pprof.StopCPUProfile()
		if err := cpu.Close(); err != nil {
			warn(fmt.Errorf("profile: %w", err))
		}
		if err := writeHeap(base + ".heap.pprof"); err != nil {
			warn(fmt.Errorf("profile: %w", err))
		}
	}
}

// writeHeap writes a heap profile (allocations since the start included)
// to path.
func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		_ = f.Close()
		return fmt.Errorf("write the heap profile: %w", err)
	}
	return f.Close()
}
