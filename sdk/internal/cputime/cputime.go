//go:build unix

// Package cputime reads the CPU time a process has used, for benchmarks
// that report CPU per unit of work: on a shared machine it moves less
// with the load than wall time does. It is the SDK tree's copy of the
// host's internal/cputime: the SDK imports no host package (deps_test.go).
package cputime

import (
	"syscall"
	"testing"
	"time"
)

// Self is the CPU time, user and system, the calling process has used so
// far; it fails tb if the system cannot say.
func Self(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatalf("read the process's CPU time: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
