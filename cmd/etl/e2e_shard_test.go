package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
	"github.com/graphlake/graphlake/sdk/wire"
)

// shardTenant has a few dozen mailboxes, each a few streams: enough for
// every shard of 4 and of 3 to hold several, and for the re-shard to move
// a quarter of them (shard 3's, see wire.ShardOf), which is all the test
// asserts on; more mailboxes only cost CI time (240 took about 400 s of
// it under -race on 2 cores).
var shardTenant = graphtest.Options{Seed: 111, Users: 30, Groups: 5, MembersPerGroup: 12, Contacts: 20,
	Mailboxes: 24, FoldersPerMailbox: 2, MessagesPerFolder: 3, ContactsPerFolder: 1, Calendars: graphtest.CalendarOptions{EventsPerCalendar: 1},
	Drives: graphtest.DriveOptions{OneDrives: 4, Sites: 1, LibrariesPerSite: 1, ItemsPerDrive: 12}}

// shardChurn changes every resource, mailboxes and their users included.
func shardChurn(seed int64) everyChurn {
	return everyChurn{
		specs: []graphtest.ChurnSpec{
			{Resource: "users", Creates: 2, Updates: 4, Deletes: 1, Seed: seed},
			{Resource: "groups", Updates: 2, Members: intPtr(4), Seed: seed + 1},
			{Resource: "contacts", Creates: 2, Updates: 3, Deletes: 2, Seed: seed + 2},
			{Resource: "folders", Creates: 3, Updates: 2, Deletes: 1, Seed: seed + 3},
			{Resource: "messages", Creates: 8, Updates: 8, Deletes: 4, Moves: 4, Seed: seed + 4},
			{Resource: "contact_folders", Creates: 2, Updates: 2, Deletes: 1, Moves: 1, Seed: seed + 5},
			{Resource: "personal_contacts", Creates: 4, Updates: 4, Deletes: 2, Moves: 2, Seed: seed + 6},
		},
		calendars: 1,
		drives:    graphtest.DriveChurn{Creates: 1, Edits: 1, Moves: 1, DeleteFiles: 1, DeleteFolders: 1},
	}
}

func TestShardedRoundsOnFourThenThreeShardsMatchTheEmulator(t *testing.T) {
	s3srv := s3test.Start(t)
	// shard 0 compacts every 2 rounds, while the other shards run
	h := newHarness(t, shardTenant, "")
	// The calendars and personal contacts of a third of the mailboxes
	// (the suite's time), some of which move at the re-shard; each wave
	// lists those whose users exist (a listed mailbox whose user is gone
	// fails its streams).
	var some []string
	mover := h.movedMailbox(4, 3)
	for i, u := range h.srv.Tenant().MailboxIDs() {
		if i%3 == 0 || u == mover {
			some = append(some, u)
		}
	}
	runShards := func(n int) {
		live := map[string]bool{}
		for _, u := range h.emulatorState("users") {
			live[u["id"].(string)] = true
		}
		some = slices.DeleteFunc(some, func(u string) bool { return !live[u] })
		list, err := json.Marshal(some)
		if err != nil {
			t.Fatal(err)
		}
		h.writePipeline("lake { compact_every = 2 }\n  " + directoryAndMailSource + `
  source "calendar" {
    past      = "` + everyPast + `"
    future    = "200d"
    mailboxes = ` + string(list) + `
  }
  source "personal_contacts" {
    mailboxes = ` + string(list) + `
  }
  source "drives" {
    users = ["all"]
    sites = ["https://contoso.sharepoint.com/sites/site1"]
  }`)
		h.runShards(n)
	}
	h.useS3(s3srv, s3srv.Bucket(t, "lake"), "sharded")
	seed := int64(1)
	churn := func() {
		h.churnEvery(shardChurn(seed))
		seed += 10
	}
	// Two rounds on 4 shards (a full one, then an incremental one, in
	// which shard 0 compacts), the re-shard, and one incremental round on
	// 3 shards (shard 0 compacts again): every kind of round once, each
	// checked against the emulator (the test ran six rounds, three on
	// each layout, until CI's time ran short).
	for round := 1; round <= 2; round++ {
		runShards(4)
		h.assertEverythingMatchesIn(fmt.Sprintf("after wave %d on 4 shards", round), some)
		churn()
	}
	moved := h.movedMailbox(4, 3)
	runShards(3) // the re-shard: shard 3's mailboxes move
	h.assertEverythingMatchesIn("after the re-shard to 3", some)
	h.assertContinued(moved, 3)
	updated, deleted := h.touchMailbox(moved)
	churn()
	runShards(3)
	h.assertEverythingMatchesIn("after a round on 3 shards", some)
	h.assertShowFolds(moved, updated, deleted)
	h.assertCurrentViewMatchesTheFold("messages", "userId", "folderId", "id")
	h.assertShardZeroCompacted()
	if res := h.etl("compact", h.pipeline); res.code != 0 || !strings.Contains(res.stdout, "current-state snapshot") {
		t.Fatalf("etl compact of the sharded lake = %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	h.assertCurrentViewMatchesTheFold("messages", "userId", "folderId", "id")
	h.assertNoStreamInTwoChainsPerRound()
	if res := h.etl("verify", h.pipeline); res.code != 0 || !strings.Contains(res.stdout, "history intact: 7 chains") {
		t.Fatalf("etl verify = %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if res := h.etl("history", h.pipeline); res.code != 0 || !strings.Contains(res.stdout, "CHAIN") || !strings.Contains(res.stdout, "2-of-3") {
		t.Errorf("etl history = %d, want every chain's rounds\n%s%s", res.code, res.stdout, res.stderr)
	}
	if gc := h.etl("gc", h.pipeline, "--min-age", "0s"); gc.code != 0 || !strings.Contains(gc.stdout, "0 objects unreferenced") {
		t.Errorf("etl gc after clean sharded rounds: exit %d\n%s%s", gc.code, gc.stdout, gc.stderr)
	}
	if res := h.etl("run", h.pipeline); res.code != exitConfig {
		t.Errorf("an unsharded etl run on a sharded lake exited %d, want %d\n%s", res.code, exitConfig, res.stderr)
	}
}

// assertShardZeroCompacted checks that the lake's snapshots were written
// by shard 0's rounds and record the round of every chain they hold.
func (h *harness) assertShardZeroCompacted() {
	h.t.Helper()
	all, err := manifest.All(context.Background(), h.lakeStore)
	if err != nil {
		h.t.Fatal(err)
	}
	n := 0
	for _, c := range all {
		if c.Current == nil || c.Current.Round != c.Round {
			continue
		}
		n++
		if c.Chain.Index != 0 || len(c.Current.Covers) < c.Chain.Count {
			h.t.Errorf("round %d of %s wrote a snapshot covering %v; want shard 0's, covering every chain", c.Round, c.Chain, c.Current.Covers)
		}
	}
	if n == 0 {
		h.t.Error("no sharded round wrote a snapshot; compact_every = 2")
	}
}

// runShards runs `etl run --shard i/n` for every shard at once; each must
// commit.
func (h *harness) runShards(n int) {
	h.t.Helper()
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = h.etl("run", h.pipeline, "--shard", fmt.Sprintf("%d/%d", i, n)) }()
	}
	wg.Wait()
	for i, res := range results {
		if res.code != 0 {
			h.t.Fatalf("etl run --shard %d/%d exited %d\n%s%s", i, n, res.code, res.stdout, res.stderr)
		}
	}
}

// movedMailbox is a live mailbox with messages that going from `from` to
// `to` shards moves.
func (h *harness) movedMailbox(from, to int) string {
	h.t.Helper()
	users := map[string]bool{}
	for _, u := range h.emulatorState("users") {
		users[u["id"].(string)] = true
	}
	for _, m := range h.emulatorState("messages") {
		u := m["userId"].(string)
		if users[u] && wire.ShardOf(u, from) != wire.ShardOf(u, to) {
			return u
		}
	}
	h.t.Fatal("no mailbox moves")
	return ""
}

// assertContinued checks that the moved mailbox's streams, in the newest
// round, ran incrementally from the deltaLinks the old shard committed, in
// the chain of the new one.
func (h *harness) assertContinued(user string, n int) {
	h.t.Helper()
	entries := h.history()
	want := wire.ShardOf(user, n)
	var ran int
	for _, e := range entries {
		for _, s := range e.Streams {
			// A contact folder tree the delta leaves out is listed in
			// full every round (see plugins/personalcontacts).
			if !strings.HasPrefix(s.Stream, user+"/") || !e.Chain.IsShard() || e.Chain.Count != n || strings.HasSuffix(s.Stream, "/folders/tree") {
				continue
			}
			ran++
			if e.Chain.Index != want || s.Mode != "incremental" {
				h.t.Errorf("round %d: moved stream %s ran %s in %s, want incremental in shard %d/%d", e.Round, s.Stream, s.Mode, e.Chain, want, n)
			}
		}
	}
	if ran == 0 {
		h.t.Errorf("the streams of mailbox %s, moved to shard %d/%d, are recorded in no round of its chain", user, want, n)
	}
}

// touchMailbox updates one message of the mailbox and deletes another.
func (h *harness) touchMailbox(user string) (updated, deleted string) {
	h.t.Helper()
	var ids []string
	for _, m := range h.emulatorState("messages") {
		if m["userId"] == user {
			ids = append(ids, m["id"].(string))
		}
	}
	if len(ids) < 2 {
		h.t.Fatalf("mailbox %s has %d messages", user, len(ids))
	}
	sort.Strings(ids)
	if err := h.srv.Tenant().UpdateMessage(user, ids[0], graphtest.Props{"subject": json.RawMessage(`"moved and updated"`)}); err != nil {
		h.t.Fatal(err)
	}
	if err := h.srv.Tenant().DeleteMessage(user, ids[1]); err != nil {
		h.t.Fatal(err)
	}
	return ids[0], ids[1]
}

// assertShowFolds checks etl show across the chains: the update made after
// the move wins, the deleted message is gone.
func (h *harness) assertShowFolds(user, updated, deleted string) {
	h.t.Helper()
	res := h.etl("show", h.pipeline, "messages", "--where", "userId="+user, "--columns", "id,subject,_round", "--limit", "0", "--max-width", "0")
	if res.code != 0 {
		h.t.Fatalf("etl show = %d\n%s", res.code, res.stderr)
	}
	var sawUpdate bool
	for _, line := range strings.Split(res.stdout, "\n") {
		if strings.Contains(line, deleted) {
			h.t.Errorf("etl show still lists message %s, deleted after its mailbox moved:\n%s", deleted, line)
		}
		if strings.Contains(line, updated) {
			sawUpdate = strings.Contains(line, "moved and updated")
		}
	}
	if !sawUpdate {
		h.t.Errorf("etl show does not show the update of %s made after its mailbox moved:\n%s", updated, res.stdout)
	}
}

// assertCurrentViewMatchesTheFold compares internal/current's view of every
// chain with the harness's own fold of every committed file.
func (h *harness) assertCurrentViewMatchesTheFold(table string, key ...string) {
	h.t.Helper()
	v, err := current.OpenLake(context.Background(), h.lake())
	if err != nil {
		h.t.Fatal(err)
	}
	var got []map[string]any
	err = v.Scan(context.Background(), table, func(row map[string]any) error {
		for k := range row {
			if strings.HasPrefix(k, "_") {
				delete(row, k)
			}
		}
		sdktest.Normalise(row)
		got = append(got, row)
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	want := h.childState(table, key, "mail_folders", []string{"userId", "id"}, "userId", "folderId")
	got, want = sortMail(got, key...), sortMail(want, key...)
	if diff := cmp.Diff(deepNormalise(want), deepNormalise(got)); diff != "" {
		h.t.Errorf("the current view of %s across chains differs from the fold of every file (-fold +view):\n%s", table, diff)
	}
}

// assertNoStreamInTwoChainsPerRound reads every chain's manifest: no
// stream is recorded by two chains in one round, and within one shard
// count a stream stays in one chain.
func (h *harness) assertNoStreamInTwoChainsPerRound() {
	h.t.Helper()
	type at struct {
		round         int64
		source, strea string
	}
	byRound := map[at]string{}
	byCount := map[string]string{}
	for _, e := range h.history() {
		for _, s := range e.Streams {
			chain := e.Chain.ID()
			k := at{e.Round, s.Source, s.Stream}
			if other, ok := byRound[k]; ok && other != chain {
				h.t.Errorf("round %d: stream %s/%s synced by chains %s and %s", e.Round, s.Source, s.Stream, other, chain)
			}
			byRound[k] = chain
			ck := fmt.Sprintf("%d|%s|%s", e.Chain.Count, s.Source, s.Stream)
			if other, ok := byCount[ck]; ok && other != chain {
				h.t.Errorf("stream %s/%s moved from chain %s to %s without a re-shard", s.Source, s.Stream, other, chain)
			}
			byCount[ck] = chain
		}
	}
	if len(byRound) == 0 {
		h.t.Fatal("no streams recorded")
	}
}
