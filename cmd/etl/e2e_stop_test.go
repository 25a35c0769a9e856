package main

import (
	"bufio"
	"context"
	"encoding/json"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// stopTenant serves 10 users a page: the incremental round after
// churnUsers takes about six pages.
var stopTenant = graphtest.Options{Seed: 61, Users: 600, DirectoryPageSize: 10}

// slowRound makes every users/delta page take delay.
func slowRound(t *testing.T, h *harness, delay time.Duration) {
	t.Helper()
	cfg := graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "slow", Match: "/users/delta", Delay: graphtest.FaultDuration(delay)}}}
	if err := h.srv.SetFaults(cfg); err != nil {
		t.Fatal(err)
	}
}

// stoppedRun is etl run stopped by signals once the round is under way.
type stoppedRun struct {
	result
	elapsed time.Duration // from the first signal to the exit
}

// runStopped starts etl run with args, waits until the round has fetched
// three pages, sends sigs a moment apart and waits for the exit.
func (h *harness) runStopped(sigs []syscall.Signal, args ...string) stoppedRun {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := h.command(ctx, append([]string{"run", h.pipeline, "--log-format", "json"}, args...)...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	waitForPages(h.t, h, 3)
	start := time.Now()
	for i, sig := range sigs {
		if i > 0 {
			time.Sleep(200 * time.Millisecond)
		}
		if err := cmd.Process.Signal(sig); err != nil {
			h.t.Fatal(err)
		}
	}
	_ = cmd.Wait()
	return stoppedRun{result: result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}, elapsed: time.Since(start)}
}

// manifestObjects lists the manifest's objects by name and size.
func (h *harness) manifestObjects() map[string]int64 {
	h.t.Helper()
	infos, err := h.lake().List(context.Background(), "_manifest/")
	if err != nil {
		h.t.Fatal(err)
	}
	out := map[string]int64{}
	for _, i := range infos {
		out[i.Name] = i.Size
	}
	return out
}

// logRecord finds the JSON log record whose message is msg.
func logRecord(t *testing.T, stderr, msg string) map[string]any {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(stderr))
	for sc.Scan() {
		var rec map[string]any
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec["msg"] == msg {
			return rec
		}
	}
	t.Fatalf("no log record %q in stderr:\n%s", msg, stderr)
	return nil
}

func TestAStoppedRoundThatCannotFinishInTimeIsAbandoned(t *testing.T) {
	s3srv := s3test.Start(t)
	tests := []struct {
		name     string
		dest     string
		sigs     []syscall.Signal
		timeout  string
		reason   string
		maxDelay time.Duration // from the first signal to the exit
	}{
		{"after --stop-timeout on a local folder", "local", []syscall.Signal{syscall.SIGTERM}, "1s", "after 1s", 6 * time.Second},
		{"after --stop-timeout on S3", "s3", []syscall.Signal{syscall.SIGTERM}, "1s", "after 1s", 6 * time.Second},
		{"at a second signal", "local", []syscall.Signal{syscall.SIGTERM, syscall.SIGINT}, "1m", "on a second signal", 6 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, stopTenant, allUserProperties)
			if tt.dest == "s3" {
				h.useS3(s3srv, s3srv.Bucket(t, "stop"), "")
			}
			h.mustRun()
			h.churnUsers(1)
			before := h.manifestObjects()
			slowRound(t, h, 800*time.Millisecond)
			run := h.runStopped(tt.sigs, "--stop-timeout", tt.timeout)
			want := "stopped: round 2 abandoned " + tt.reason + ", nothing committed; the next run starts from round 1's deltaLinks"
			if run.code != exitStopped {
				t.Fatalf("etl run exited %d, want %d\n%s%s", run.code, exitStopped, run.stdout, run.stderr)
			}
			mustContain(t, "stderr", run.stderr, "etl: "+want)
			if rec := logRecord(t, run.stderr, want); rec["outcome"] != "abandoned" || rec["round"] != 2.0 {
				t.Errorf("log record %v, want outcome abandoned, round 2", rec)
			}
			t.Logf("exited %s after the first signal", run.elapsed.Round(time.Millisecond))
			if run.elapsed > tt.maxDelay {
				t.Errorf("etl run exited %s after the first signal, want at most %s", run.elapsed.Round(time.Millisecond), tt.maxDelay)
			}
			if diff := cmp.Diff(before, h.manifestObjects()); diff != "" {
				t.Fatalf("the abandoned round changed the manifest (-before +after):\n%s", diff)
			}
			h.assertNoPluginLeft()
			h.assertNoGarbage()
			h.srv.ClearFaults()
			res := h.mustRun()
			mustContain(t, "the rerun's output", res.stdout, "round 2 committed")
			h.assertUsersMatch(2)
			h.assertVerifies()
		})
	}
}

func TestAStoppedRoundThatCanFinishCommitsAndNoOtherStarts(t *testing.T) {
	h := newHarness(t, stopTenant, "schedule = \"10s\"\n  "+allUserProperties)
	h.mustRun()
	h.churnUsers(1)
	slowRound(t, h, 100*time.Millisecond)
	run := h.runStopped([]syscall.Signal{syscall.SIGTERM}, "--watch", "--stop-timeout", "30s")
	if run.code != 0 {
		t.Fatalf("etl run --watch exited %d, want 0\n%s%s", run.code, run.stdout, run.stderr)
	}
	mustContain(t, "stderr", run.stderr, "stopped: round 2 committed")
	logRecord(t, run.stderr, "stopped: round 2 committed")
	t.Logf("exited %s after the signal", run.elapsed.Round(time.Millisecond))
	if run.elapsed > 15*time.Second {
		t.Errorf("etl run exited %s after the signal; the round needed about 2s", run.elapsed.Round(time.Millisecond))
	}
	if n := len(h.history()); n != 2 {
		t.Fatalf("%d rounds committed, want 2: the round in flight, and no other after the signal", n)
	}
	h.assertUsersMatch(2)
	h.assertNoPluginLeft()
}

// assertNoGarbage checks that etl gc finds nothing, unfinished writes
// included.
func (h *harness) assertNoGarbage() {
	h.t.Helper()
	res := h.etl("gc", h.pipeline, "--min-age", "0s")
	if res.code != 0 || !strings.Contains(res.stdout, "0 objects unreferenced") {
		h.t.Fatalf("etl gc after an abandoned round: exit %d, want nothing left behind\n%s%s", res.code, res.stdout, res.stderr)
	}
}

func TestASIGTERMToTheWholeProcessGroupLeavesExternalPluginsToTheHost(t *testing.T) {
	// systemd's control-group kill and a shell's Ctrl-C signal every
	// process of the group, plugins included: an external plugin must
	// leave the stop to its host, which lets the round commit.
	h := newHarness(t, stopTenant, `source "users" {
    plugin            = "`+testBinaries.crashPlugin+`"
    crash_after_items = 1000000
  }`)
	slowRound(t, h, 30*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := h.command(ctx, "run", h.pipeline, "--log-format", "json")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForPages(t, h, 3)
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("etl run after a SIGTERM to its process group exited %d, want 0\n%s", code, stderr.String())
	}
	mustContain(t, "stderr", stderr.String(), "stopped: round 1 committed")
	if n := len(h.lakeState("users", "id")); n != stopTenant.Users {
		t.Errorf("the committed round holds %d users, want %d", n, stopTenant.Users)
	}
	h.assertNoPluginLeft()
}
