package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// slowPages makes every users/delta page take a while, so a round is long
// enough to be killed in the middle.
func slowPages(t *testing.T, h *harness) {
	t.Helper()
	cfg := graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "slow", Match: "/users/delta",
		Delay: graphtest.FaultDuration(150 * time.Millisecond)}}}
	if err := h.srv.SetFaults(cfg); err != nil {
		t.Fatal(err)
	}
}

func TestKillingTheHostMidRoundLosesNothing(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 14, Users: 3000}, allUserProperties)
	h.mustRun()
	if _, err := h.srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "users", Creates: 400, Updates: 1500, Deletes: 200, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	slowPages(t, h)
	cmd := h.command(context.Background(), "run", h.pipeline)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForPages(t, h, 3)
	plugin := childOf(t, cmd.Process.Pid)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	assertProcessEnds(t, plugin, 5*time.Second)
	if n := len(h.history()); n != 1 {
		t.Fatalf("after the kill the manifest has %d rounds, want 1 (the killed round must not commit)", n)
	}
	h.srv.ClearFaults()
	h.mustRun()
	if diff := cmp.Diff(h.emulatorState("users"), h.lakeState("users", "id")); diff != "" {
		t.Fatalf("after a killed round and a rerun the lake differs from the emulator (-emulator +lake):\n%s", diff)
	}
	h.assertFilesExist()
}

func TestKillingThePluginMidRoundLosesNothing(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 15, Users: 3000}, allUserProperties)
	slowPages(t, h)
	cmd := h.command(context.Background(), "run", h.pipeline)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForPages(t, h, 3)
	child := childOf(t, cmd.Process.Pid)
	if err := syscall.Kill(child, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if err == nil || cmd.ProcessState.ExitCode() != exitFailure {
		t.Fatalf("etl run with a killed plugin: %v, want exit code 1\n%s", err, stderr.String())
	}
	mustContain(t, "stderr", stderr.String(), "plugin users exited during the round", "nothing committed")
	if n := len(h.history()); n != 0 {
		t.Fatalf("the manifest has %d rounds after the plugin died, want 0", n)
	}
	h.srv.ClearFaults()
	h.mustRun()
	if diff := cmp.Diff(h.emulatorState("users"), h.lakeState("users", "id")); diff != "" {
		t.Fatalf("after a killed plugin and a rerun the lake differs (-emulator +lake):\n%s", diff)
	}
	h.assertFilesExist()
}

// assertProcessEnds fails the test unless process pid is gone (or a
// zombie) within limit: a plugin must not outlive its killed host.
func assertProcessEnds(t *testing.T, pid int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		status, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
		if err != nil || strings.Contains(string(status), "State:\tZ") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the plugin (pid %d) still runs %s after its host was killed", pid, limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitForPages waits until the emulator has served n users/delta pages.
func waitForPages(t *testing.T, h *harness, n int) {
	t.Helper()
	start := h.srv.RequestCounts()["users.delta"]
	deadline := time.Now().Add(time.Minute)
	for h.srv.RequestCounts()["users.delta"]-start < int64(n) {
		if time.Now().After(deadline) {
			t.Fatalf("the round did not fetch %d pages within a minute", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// childOf returns the one child process of pid (the plugin).
func childOf(t *testing.T, pid int) int {
	t.Helper()
	tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "children"))
	for _, f := range tasks {
		b, _ := os.ReadFile(f)
		if fields := strings.Fields(string(b)); len(fields) > 0 {
			child, err := strconv.Atoi(fields[0])
			if err == nil {
				return child
			}
		}
	}
	t.Fatalf("etl (pid %d) has no child process", pid)
	return 0
}
