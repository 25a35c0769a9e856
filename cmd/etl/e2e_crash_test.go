package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// crashTenant is small: the crash matrix runs sixteen cases.
var crashTenant = graphtest.Options{Seed: 51, Users: 300, Groups: 8, MembersPerGroup: 40,
	Mailboxes: 2, FoldersPerMailbox: 3, MessagesPerFolder: 6}

// crashSources are users and groups with members and owners, and mail
// when asked: its many streams (a folder each) test state checkpoints.
func crashSources(mail bool) string {
	sources := allUserProperties + "\n  " + groupsSource(false, nil)
	if mail {
		sources += "\n  " + `source "mail" { select = ` + allMessageProperties + " }"
	}
	return sources
}

// orphans is what a killed round may leave that no entry names.
type orphans int

const (
	maybeOrphans orphans = iota // depends on how far the other sources got
	someOrphans
	noOrphans
)

// crashCases are the steps and what a SIGKILL there leaves, per
// destination. On S3 an open file of a small round has stored nothing yet:
// its first 5 MiB part is still being filled.
var crashCases = []struct {
	step      string
	committed bool // the killed round is committed
	local, s3 orphans
}{
	{crashpoint.Fetch, false, maybeOrphans, maybeOrphans},
	{crashpoint.Parquet, false, someOrphans, maybeOrphans},
	{crashpoint.Upload, false, someOrphans, someOrphans},
	{crashpoint.FilesDurable, false, someOrphans, someOrphans},
	{crashpoint.Checkpoint, false, someOrphans, someOrphans},
	{crashpoint.BeforeCommit, false, someOrphans, someOrphans},
	{crashpoint.AfterCommit, true, noOrphans, noOrphans},
	{crashpoint.AfterHead, true, noOrphans, noOrphans},
}

// TestCrashAtEveryStepLosesNothing kills etl run with SIGKILL at every step
// of a round, on a local folder and on S3: round 1, churn, round 2 killed
// at the step, a rerun, churn, one more round. The lake must then equal
// the emulator, hold every round once and chain intact, and etl gc must
// list only the dead run's objects.
//
// Local lakes also sync mail and write a state checkpoint every round, so
// every step is killed with one due; S3 lakes keep the default (the state
// is carried forward), except at the checkpoint step, which needs one, and
// leave mail out to keep the test short: what S3 adds (multipart uploads,
// conditional writes) does not depend on the sources.
func TestCrashAtEveryStepLosesNothing(t *testing.T) {
	s3srv := s3test.Start(t)
	bucket := s3srv.Bucket(t, "lake")
	for _, dest := range []string{"local", "s3"} {
		for _, c := range crashCases {
			t.Run(fmt.Sprintf("a SIGKILL at %s on %s", c.step, dest), func(t *testing.T) {
				// The cases share nothing but the S3 server (each its own
				// prefix) and spend much of their time starting processes
				// and waiting for them: at once, they take less wall time.
				t.Parallel()
				start := time.Now()
				mail := dest == "local"
				h := newHarness(t, crashTenant, crashSources(mail))
				want := c.local
				if dest == "s3" {
					h.useS3(s3srv, bucket, c.step)
					want = c.s3
				}
				if dest == "local" || c.step == crashpoint.Checkpoint {
					h.env = append(h.env, "GRAPHLAKE_CHECKPOINT_EVERY=1")
				}
				h.crashCase(c.step, c.committed, want, mail)
				t.Logf("%s on %s: %s", c.step, dest, time.Since(start).Round(time.Millisecond))
			})
		}
	}
}

// crashCase runs the rounds of one case and checks the lake.
func (h *harness) crashCase(step string, committed bool, want orphans, mail bool) {
	t := h.t
	h.mustRun()
	h.churnAll(1, mail)
	if step == crashpoint.Upload {
		h.bigTitles(4, 2<<20) // round 2's users file spans two 5 MiB parts
	}
	h.runKilledAt(step)
	h.assertNoPluginLeft()
	rounds := 1
	if committed {
		rounds = 2
	}
	if n := len(h.history()); n != rounds {
		t.Fatalf("after a kill at %s the manifest holds %d rounds, want %d", step, n, rounds)
	}
	h.mustRun()
	h.assertAllMatch(rounds+1, mail)
	h.churnAll(2, mail)
	h.mustRun()
	h.assertAllMatch(rounds+2, mail)
	dead := h.assertOnlyDeadRunIsGarbage(want)
	h.assertRounds(rounds+2, committed, dead)
	h.assertFilesExist()
	h.assertVerifies()
	if res := h.etl("gc", h.pipeline, "--delete", "--min-age", "0s"); res.code != 0 {
		t.Fatalf("etl gc --delete exited %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if res := h.etl("gc", h.pipeline, "--min-age", "0s"); res.code != 0 || !strings.Contains(res.stdout, "0 objects unreferenced") {
		t.Fatalf("etl gc after --delete: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	h.assertVerifies()
}

// runKilledAt runs etl run with GRAPHLAKE_CRASH_AT=step and checks that it
// died of SIGKILL.
func (h *harness) runKilledAt(step string) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := h.command(ctx, "run", h.pipeline)
	cmd.Env = append(cmd.Env, "GRAPHLAKE_CRASH_AT="+step)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		h.t.Fatalf("etl run with GRAPHLAKE_CRASH_AT=%s ended with %v, want death by SIGKILL\n%s", step, err, out.String())
	}
}

// assertNoPluginLeft waits for the plugins of a killed host to exit.
func (h *harness) assertNoPluginLeft() {
	t := h.t
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := pluginProcesses(h.dir)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("plugin processes %v outlived their killed host by 5s", left)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pluginProcesses lists the pids of running `etl plugin …` processes of
// the test build started in dir: plugins work in their host's folder, a
// harness's own, so that tests running at once do not see each other's.
func pluginProcesses(dir string) []int {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	var pids []int
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, f := range procs {
		b, err := os.ReadFile(f)
		if err != nil || !bytes.HasPrefix(b, []byte(testBinaries.etl+"\x00plugin\x00")) {
			continue
		}
		if cwd, err := os.Readlink(filepath.Join(filepath.Dir(f), "cwd")); err != nil || cwd != dir {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		if stat, err := os.ReadFile(filepath.Join(filepath.Dir(f), "stat")); err == nil && bytes.Contains(stat, []byte(") Z ")) {
			continue // a zombie: exited, not yet reaped
		}
		pids = append(pids, pid)
	}
	return pids
}

// deadRunObject matches the names of a round's Parquet files and state
// checkpoints: round, then (for files) part, then run id.
var deadRunObject = regexp.MustCompile(`^0*(\d+)-(?:\d{4}-)?([0-9a-f]+)\.(?:parquet|jsonl\.gz)$`)

// assertOnlyDeadRunIsGarbage checks that etl gc lists objects of one run
// of round 2 that no entry names, and returns that run's id ("" when gc
// lists nothing).
func (h *harness) assertOnlyDeadRunIsGarbage(want orphans) string {
	h.t.Helper()
	res := h.etl("gc", h.pipeline, "--min-age", "0s")
	if res.code != 0 {
		h.t.Fatalf("etl gc exited %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	listed := lines[:len(lines)-1]
	switch {
	case want == someOrphans && len(listed) == 0:
		h.t.Fatalf("etl gc lists nothing; the killed run left files:\n%s", res.stdout)
	case want == noOrphans && len(listed) > 0:
		h.t.Fatalf("etl gc lists objects, but the killed run had committed:\n%s", res.stdout)
	}
	committed := map[string]bool{}
	for _, e := range h.history() {
		committed[e.RunID] = true
	}
	dead := ""
	for _, l := range listed {
		loc, _, _ := strings.Cut(l, "\t")
		m := deadRunObject.FindStringSubmatch(path.Base(strings.TrimSuffix(loc, " (unfinished write)")))
		if m == nil || m[1] != "2" || committed[m[2]] || (dead != "" && m[2] != dead) {
			h.t.Fatalf("etl gc lists %s, which is not the killed run's (round 2, one run no entry names):\n%s", loc, res.stdout)
		}
		dead = m[2]
	}
	return dead
}

// assertRounds checks that rounds 1..n are committed once each, and that
// the rerun after a kill did not fetch the killed round's changes again
// when that round had committed.
func (h *harness) assertRounds(n int, killedCommitted bool, dead string) {
	h.t.Helper()
	entries := h.history()
	for i, e := range entries {
		if e.Round != int64(i+1) {
			h.t.Fatalf("the manifest holds rounds %v, want 1..%d", roundNumbers(entries), n)
		}
	}
	if len(entries) != n {
		h.t.Fatalf("the manifest holds rounds %v, want 1..%d", roundNumbers(entries), n)
	}
	if dead != "" && entries[1].RunID == dead {
		h.t.Fatalf("round 2 was committed by the killed run %s, whose files gc lists", dead)
	}
	if killedCommitted && (entries[1].Rows() == 0 || entries[2].Rows() != 0) {
		h.t.Fatalf("the killed round 2 committed %d rows and the rerun (round 3) %d; want the changes once, in round 2",
			entries[1].Rows(), entries[2].Rows())
	}
}

func roundNumbers(entries []*manifest.Committed) []int64 {
	var out []int64
	for _, e := range entries {
		out = append(out, e.Round)
	}
	return out
}

// assertAllMatch compares every table with the emulator after a round.
func (h *harness) assertAllMatch(round int, mail bool) {
	h.t.Helper()
	when := fmt.Sprintf("after round %d", round)
	if diff := cmp.Diff(h.emulatorState("users"), h.lakeState("users", "id")); diff != "" {
		h.t.Fatalf("%s the lake's users differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
	h.assertGroupsMatch(nil, when)
	if mail {
		h.assertMailMatches(round)
	}
}

// churnAll changes users, groups, memberships and, with mail, messages.
func (h *harness) churnAll(seed int64, mail bool) {
	h.t.Helper()
	members := 15
	churns := []graphtest.ChurnSpec{
		{Resource: "users", Creates: 10, Updates: 25, Deletes: 8, Seed: seed},
		{Resource: "groups", Creates: 1, Updates: 3, Deletes: 1, Members: &members, Seed: seed},
	}
	if mail {
		churns = append(churns, graphtest.ChurnSpec{Resource: "messages", Creates: 4, Updates: 4, Deletes: 2, Moves: 2, Seed: seed})
	}
	for _, c := range churns {
		if _, err := h.srv.Tenant().Churn(c); err != nil {
			h.t.Fatal(err)
		}
	}
}

// bigTitles gives n users a jobTitle of size characters that do not
// compress, so that a round's users file is larger than one upload part.
func (h *harness) bigTitles(n, size int) {
	h.t.Helper()
	rng := rand.NewChaCha8([32]byte{7})
	for _, u := range h.emulatorState("users")[:n] {
		b := make([]byte, size*3/4)
		_, _ = rng.Read(b)
		v, _ := json.Marshal(base64.StdEncoding.EncodeToString(b))
		if err := h.srv.Tenant().Update("users", u["id"].(string), graphtest.Props{"jobTitle": json.RawMessage(v)}); err != nil {
			h.t.Fatal(err)
		}
	}
}
