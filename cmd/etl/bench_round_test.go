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
	"testing"
	"time"
)

// roundFigures are one round's measurements.
type roundFigures struct {
	wall                     time.Duration
	rows                     int64
	hostPeakKB, pluginPeakKB int64
}

// measureRound runs `etl run pipeline args…` once in dir, sampling the
// peak resident memory (VmHWM) of the host and of its plugin children.
func measureRound(tb testing.TB, dir, pipeline string, env []string, args ...string) roundFigures {
	return measureRoundWith(tb, testBinaries.etl, dir, pipeline, env, args...)
}

// measureRoundWith is measureRound with the etl binary at bin.
func measureRoundWith(tb testing.TB, bin, dir, pipeline string, env []string, args ...string) roundFigures {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"run", pipeline}, args...)...)
	cmd.Env, cmd.Dir = append(os.Environ(), env...), dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	var fig roundFigures
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		for {
			host, plugin := peakKB(cmd.Process.Pid), int64(0)
			for _, child := range childPIDs(cmd.Process.Pid) {
				plugin = max(plugin, peakKB(child))
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
		tb.Fatalf("etl run: %v\n%s", err, out.String())
	}
	mu.Lock()
	defer mu.Unlock()
	if _, err := fmt.Sscanf(out.String()[strings.Index(out.String(), "committed: "):], "committed: %d rows", &fig.rows); err != nil {
		tb.Fatalf("read the row count from %q: %v", out.String(), err)
	}
	return fig
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
