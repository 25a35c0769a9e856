package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// roundFigures are one round's measurements.
type roundFigures struct {
	wall                     time.Duration
	rows                     int64
	hostPeakKB, pluginPeakKB int64
	// hostCPU and pluginCPU are the CPU time (user and system) the host
	// and its plugin processes spent: the host's from its rusage, the
	// plugins' from /proc, sampled with the memory (a plugin's last
	// ~20 ms may count as the host's).
	hostCPU, pluginCPU time.Duration
}

// measureRound runs `etl run pipeline args…` once in dir, sampling the
// peak resident memory (VmHWM) of the host and of its plugin children.
func measureRound(tb testing.TB, dir, pipeline string, env []string, args ...string) roundFigures {
	return measureRoundWith(tb, testBinaries.etl, dir, pipeline, env, args...)
}

// measureRoundWith is measureRound with the etl binary at bin.
func measureRoundWith(tb testing.TB, bin, dir, pipeline string, env []string, args ...string) roundFigures {
	tb.Helper()
	fig, err := runMeasured(bin, dir, pipeline, env, args...)
	if err != nil {
		tb.Fatal(err)
	}
	return fig
}

// runMeasured is measureRoundWith returning its error, for rounds run on
// goroutines other than the test's.
func runMeasured(bin, dir, pipeline string, env []string, args ...string) (roundFigures, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"run", pipeline}, args...)...)
	cmd.Env, cmd.Dir = append(os.Environ(), env...), dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return roundFigures{}, err
	}
	var fig roundFigures
	var mu sync.Mutex
	pluginCPU := map[int]time.Duration{} // by plugin process, each one's last sample
	done := make(chan struct{})
	go func() {
		for {
			host, plugin := peakKB(cmd.Process.Pid), int64(0)
			for _, child := range childPIDs(cmd.Process.Pid) {
				plugin = max(plugin, peakKB(child))
				if cpu, ok := processCPU(child); ok {
					mu.Lock()
					pluginCPU[child] = max(pluginCPU[child], cpu)
					mu.Unlock()
				}
			}
			mu.Lock()
			fig.hostPeakKB, fig.pluginPeakKB = max(fig.hostPeakKB, host), max(fig.pluginPeakKB, plugin)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	err := cmd.Wait()
	fig.wall = time.Since(start)
	close(done)
	if err != nil {
		return roundFigures{}, fmt.Errorf("etl run: %v\n%s", err, out.String())
	}
	mu.Lock()
	defer mu.Unlock()
	for _, cpu := range pluginCPU {
		fig.pluginCPU += cpu
	}
	// The host's rusage counts the plugins it waited for, too.
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		fig.hostCPU = max(time.Duration(ru.Utime.Nano()+ru.Stime.Nano())-fig.pluginCPU, 0)
	}
	at := strings.Index(out.String(), "committed: ")
	if at < 0 {
		return roundFigures{}, fmt.Errorf("etl run printed no row count: %q", out.String())
	}
	if _, err := fmt.Sscanf(out.String()[at:], "committed: %d rows", &fig.rows); err != nil {
		return roundFigures{}, fmt.Errorf("read the row count from %q: %v", out.String(), err)
	}
	return fig, nil
}

// peakKB reads a process's VmHWM in kB; 0 when it is gone.
func peakKB(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}

// clockTick is the unit of /proc's CPU times (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// processCPU reads the user and system CPU time a process has spent so far,
// all its threads, from /proc; false when it is gone.
func processCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: fields count from
	// its closing parenthesis. utime and stime are fields 14 and 15.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * clockTick, true
}

// childPIDs lists the children of a process, from every thread's children.
func childPIDs(pid int) []int {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	var out []int
	for _, t := range tasks {
		b, _ := os.ReadFile(t)
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// benchBinary is an etl binary a benchmark runs, and its name in the
// benchmark's names.
type benchBinary struct{ name, path string }

// benchBinaries is the test's etl binary ("new"), after the one
// GRAPHLAKE_BENCH_BASELINE names ("base") when it is set, so that each
// measurement runs side by side with a baseline.
func benchBinaries() []benchBinary {
	bins := []benchBinary{{"new", testBinaries.etl}}
	if base := os.Getenv("GRAPHLAKE_BENCH_BASELINE"); base != "" {
		bins = append([]benchBinary{{"base", base}}, bins...)
	}
	return bins
}

// benchSetting is the whole number in the environment variable name, when
// it is one and at least least; else def. It sizes a benchmark
// (GRAPHLAKE_BENCH_MAILBOXES and the like).
func benchSetting(name string, def, least int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v >= least {
		return v
	}
	return def
}

// mailStreamsServer is an emulator of mailboxes mailboxes of folders
// folders and one message each, so that a mail round's size is its
// streams, not its rows; it closes when the test ends.
func mailStreamsServer(tb testing.TB, mailboxes, folders int) *graphtest.Server {
	tb.Helper()
	srv, err := graphtest.NewServer(graphtest.Options{Seed: 31, Users: mailboxes, Mailboxes: mailboxes, FoldersPerMailbox: folders, MessagesPerFolder: 1})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	return srv
}
