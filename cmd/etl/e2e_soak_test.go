package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// The soak's size: GRAPHLAKE_SOAK_ROUNDS rounds (default 20) of a tenant
// GRAPHLAKE_SOAK_SCALE times the small default, faults seeded by
// GRAPHLAKE_SOAK_SEED. The README shows the long form.
func soakSettings(t *testing.T) (rounds, scale int, seed uint64) {
	rounds, scale, seed = 20, 1, 1
	for name, v := range map[string]*int{"GRAPHLAKE_SOAK_ROUNDS": &rounds, "GRAPHLAKE_SOAK_SCALE": &scale} {
		if s := os.Getenv(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				t.Fatalf("%s=%q: want a positive whole number", name, s)
			}
			*v = n
		}
	}
	if s := os.Getenv("GRAPHLAKE_SOAK_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("GRAPHLAKE_SOAK_SEED=%q: want a whole number", s)
		}
		seed = n
	}
	return rounds, scale, seed
}

// soakFaults enables every fault kind at once, at rates a round survives
// (most of its streams commit; the others retry next round).
func soakFaults(seed uint64) graphtest.FaultConfig {
	secs := func(f float64) *float64 { return &f }
	return graphtest.FaultConfig{Seed: int64(seed), Rules: []graphtest.FaultRule{
		{Kind: "throttle", Rate: 0.04, RetryAfter: secs(0.15)},
		{Kind: "unavailable", Rate: 0.02, RetryAfter: secs(0.1)},
		{Kind: "gateway_timeout", Rate: 0.02},
		{Kind: "cut", Rate: 0.03},
		{Kind: "duplicate", Rate: 0.1},
		{Kind: "shuffle", Rate: 0.3},
		{Kind: "empty_page", Rate: 0.05},
		{Kind: "both_links", Rate: 0.05},
		{Kind: "beta_next_link", Rate: 0.3},
		{Kind: "repeat_page", Rate: 0.02},
		{Kind: "delta_token_refused", Match: "$deltatoken=", Rate: 0.02},
	}}
}

// soakChurn changes every resource a little; mailbox owners may be
// deleted and restored too.
func soakChurn(round int, scale int) []graphtest.ChurnSpec {
	s := int64(round) * 10
	return []graphtest.ChurnSpec{
		{Resource: "users", Creates: 2 * scale, Updates: 4 * scale, Deletes: 2 * scale, Restores: 1, Seed: s + 1},
		{Resource: "groups", Creates: 1, Updates: 2 * scale, Deletes: 1, Members: intPtr(6 * scale), Restores: 1, Seed: s + 2},
		{Resource: "contacts", Creates: 2 * scale, Updates: 3 * scale, Deletes: 2 * scale, Seed: s + 3},
		{Resource: "messages", Creates: 4 * scale, Updates: 6 * scale, Deletes: 3 * scale, Moves: 3 * scale, Seed: s + 4},
		{Resource: "folders", Creates: 1, Updates: 1, Deletes: round % 2, Seed: s + 5},
	}
}

// TestSoakEveryFaultAndRandomKillsLoseNothing runs the soak against the
// default emulator and against one with every variant on; the second
// run has half the rounds (at least 8, so that delta tokens expire once),
// to keep the suite's time down.
func TestSoakEveryFaultAndRandomKillsLoseNothing(t *testing.T) {
	rounds, scale, seed := soakSettings(t)
	opts := graphtest.Options{Seed: int64(seed), Users: 40 * scale, Groups: 5 * scale, Contacts: 20 * scale, Mailboxes: 3 * scale,
		FoldersPerMailbox: 4, MessagesPerFolder: 8, DirectoryPageSize: 10}
	withEachVariantSet(t, opts, func(t *testing.T, opts graphtest.Options) {
		n := rounds
		if len(opts.Variants) > 0 {
			n = max(min(rounds, 8), rounds/2)
		}
		soak(t, opts, n, scale, seed)
	})
}

func soak(t *testing.T, opts graphtest.Options, rounds, scale int, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	// Snapshots every 3 rounds: resync sweeps and current state read
	// through them, and kills land in compactions too.
	h := newHarness(t, opts, "lake { compact_every = 3 }\n  "+directoryAndMailSource)
	if err := h.srv.SetFaults(soakFaults(seed)); err != nil {
		t.Fatal(err)
	}
	h.srv.SetAccessTokenTTL(20 * time.Second)
	var killed, committed, partial, failed, given int
	for round := 1; round <= rounds; round++ {
		if round%7 == 0 {
			modes := []string{"syncStateNotFound", "syncStateInvalid", "resyncRequired", "location"}
			if err := h.srv.ExpireDeltaTokens(modes[rng.IntN(len(modes))]); err != nil {
				t.Fatal(err)
			}
		}
		var kill time.Duration
		if rng.Float64() < 0.35 {
			kill = time.Duration(50+rng.IntN(2500)) * time.Millisecond
		}
		switch code := h.soakRun(kill); code {
		case -1:
			killed++
		case 0:
			committed++
			// Every stream committed: the lake holds the emulator's state.
			h.assertDirectoryAndMailMatch(fmt.Sprintf("after soak round %d", round))
		case exitPartial:
			partial++
		case exitFailure:
			failed++ // every stream failed: nothing committed, nothing lost
		default:
			t.Fatalf("round %d: etl run exited %d", round, code)
		}
		h.churn(soakChurn(round, scale)...)
		given += h.keepMailboxes(opts.Mailboxes)
	}
	t.Logf("%d runs: %d committed, %d committed with failed streams, %d failed whole, %d killed by SIGKILL; %d mailboxes given to users in place of deleted owners",
		rounds, committed, partial, failed, killed, given)

	reasons := map[string]int{}
	for _, e := range h.history() {
		for _, s := range e.Streams {
			if s.Status == "failed" {
				reasons[errorKind(s.Error)]++
				t.Logf("round %d %s/%s: %s", e.Round, s.Source, s.Stream, s.Error)
			}
		}
	}
	t.Logf("failed streams by cause: %v", reasons)

	h.logFaultStats()
	h.srv.ClearFaults()
	h.mustRun()
	h.assertDirectoryAndMailMatch("after the soak and a clean round")
	if res := h.etl("verify", h.pipeline); res.code != 0 {
		t.Fatalf("etl verify after the soak exited %d:\n%s%s", res.code, res.stdout, res.stderr)
	}
	entries := h.history()
	for i, e := range entries {
		if e.Round != int64(i+1) {
			t.Fatalf("the manifest's rounds are not 1..%d: entry %d is round %d", len(entries), i+1, e.Round)
		}
	}
}

// keepMailboxes gives mailboxes to live users without one until n live
// users own a mailbox, and returns how many it gave. The churn deletes
// users, mailbox owners among them, and for good when it hard-deletes
// them: without new owners a long soak ends with no mail to compare
// (assertFolderTreeMatches refuses an empty comparison). A user given a
// mailbox, a licence assigned, is an ordinary change of a tenant, and
// the mail source must pick the new mailbox up.
func (h *harness) keepMailboxes(n int) int {
	h.t.Helper()
	tn := h.srv.Tenant()
	var candidates []string
	tn.RLock()
	owners := map[string]bool{}
	live := 0
	for _, id := range tn.MailboxIDs() {
		owners[id] = true
		if u, ok := tn.Users.Lookup(id); ok && u.Live() {
			live++
		}
	}
	for i := 0; i < tn.Users.Len() && live+len(candidates) < n; i++ {
		if u := tn.Users.At(i); u.Live() && !owners[u.ID] {
			candidates = append(candidates, u.ID)
		}
	}
	tn.RUnlock()
	for _, id := range candidates {
		if err := tn.CreateMailbox(id); err != nil {
			h.t.Fatalf("give user %s a mailbox: %v", id, err)
		}
	}
	return len(candidates)
}

// soakRun runs one round, killing the host with SIGKILL after kill when
// kill is not zero and the round still runs; it returns the exit code, or
// -1 when the kill landed.
func (h *harness) soakRun(kill time.Duration) int {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := h.command(ctx, "run", h.pipeline)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	done := make(chan struct{})
	// Access tokens are revoked mid-round: the clients must fetch new
	// ones and carry on.
	go func() {
		select {
		case <-time.After(300 * time.Millisecond):
			h.srv.RevokeAccessTokens()
		case <-done:
		}
	}()
	if kill > 0 {
		go func() {
			select {
			case <-time.After(kill):
				_ = cmd.Process.Signal(syscall.SIGKILL)
			case <-done:
			}
		}()
	}
	err := cmd.Wait()
	close(done)
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		return -1
	}
	if err != nil && cmd.ProcessState.ExitCode() == exitFailure {
		h.t.Logf("a round failed whole: %s", lastLine(stderr.String()))
	}
	return cmd.ProcessState.ExitCode()
}

// errorKind shortens a stream error to its last clause, for counting.
func errorKind(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	if len(msg) > 60 {
		msg = msg[:60]
	}
	return msg
}

func lastLine(s string) string {
	lines := bytes.Split(bytes.TrimSpace([]byte(s)), []byte("\n"))
	return string(lines[len(lines)-1])
}

// logFaultStats logs how often each fault kind fired. It asserts
// nothing: a kind that acts on rare pages (both_links on a page with a
// nextLink) may fire once in a short soak, or not at all.
func (h *harness) logFaultStats() {
	h.t.Helper()
	resp, err := h.srv.Client().Get(h.srv.AdminURL() + "/stats")
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var stats struct {
		Faults map[string]int `json:"faults"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&stats); err != nil {
		h.t.Fatal(err)
	}
	h.t.Logf("faults fired: %v", stats.Faults)
}
