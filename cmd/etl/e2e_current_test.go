package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// currentSources are users, groups (return=minimal, so updates carry only
// what changed) and mail, compacted every other round.
var currentSources = allUserProperties + "\n  " + groupsSource(true, nil) + `
  source "mail" {
    select    = ` + allMessageProperties + `
    page_size = 7
  }
  lake { compact_every = 2 }`

// currentKeys are the key columns of the tables compared.
var currentKeys = map[string][]string{"users": {"id"}, "groups": {"id"}, "group_members": {"groupId", "relationship", "memberId"},
	"mail_folders": {"userId", "id"}, "messages": {"userId", "folderId", "id"}}

func TestCurrentStateMatchesTheEmulatorRoundAfterRound(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 51, Users: 120, Groups: 6, MembersPerGroup: 30, DirectoryPageSize: 20, LinksPerPage: 25,
		Mailboxes: 2, FoldersPerMailbox: 5, MessagesPerFolder: 8}, currentSources)
	members := func(n int) *int { return &n }
	churns := [][]graphtest.ChurnSpec{
		{{Resource: "users", Creates: 8, Updates: 20, Deletes: 6, Seed: 1}, {Resource: "groups", Creates: 1, Updates: 2, Deletes: 2, Members: members(15), Seed: 2},
			{Resource: "messages", Creates: 6, Updates: 8, Deletes: 3, Moves: 4, Seed: 3}},
		{{Resource: "groups", Updates: 2, Members: members(10), Restores: 1, Seed: 4}, {Resource: "folders", Creates: 1, Updates: 1, Deletes: 1, Seed: 5},
			{Resource: "users", Updates: 10, Deletes: 3, Restores: 2, Seed: 6}},
		{{Resource: "messages", Creates: 4, Updates: 6, Deletes: 2, Moves: 3, Seed: 7}, {Resource: "groups", Deletes: 1, Members: members(8), Seed: 8}},
		{{Resource: "users", Creates: 3, Updates: 5, Seed: 9}, {Resource: "folders", Deletes: 1, Updates: 1, Seed: 10}},
	}
	for round := 1; round <= len(churns)+1; round++ {
		h.mustRun()
		when := fmt.Sprintf("after round %d", round)
		h.assertCurrentMatches(when+", snapshot + tail:", h.currentState)
		if latest := h.latest(); latest.Current != nil && latest.Current.Round == latest.Round {
			h.assertCurrentMatches(when+", its snapshot alone:", h.snapshotState)
		} else if round%2 == 0 {
			t.Fatalf("round %d wrote no snapshot; compact_every = 2", round)
		}
		if round <= len(churns) {
			for _, c := range churns[round-1] {
				if _, err := h.srv.Tenant().Churn(c); err != nil {
					t.Fatal(err)
				}
			}
			reshapeGroup(t, h.srv)
		}
	}
	h.assertVerifies()
	if gc := h.etl("gc", h.pipeline, "--min-age", "0s"); gc.code != 0 || !strings.Contains(gc.stdout, "0 objects unreferenced") {
		t.Errorf("etl gc lists named objects:\n%s%s", gc.stdout, gc.stderr)
	}

	t.Run("etl compact commits a snapshot of its own that the next round builds on", func(t *testing.T) {
		before := h.latest().Round
		res := h.etl("compact", h.pipeline)
		if res.code != 0 {
			t.Fatalf("etl compact = %d\n%s%s", res.code, res.stdout, res.stderr)
		}
		mustContain(t, "etl compact's output", res.stdout, fmt.Sprintf("round %d committed: current-state snapshot of 5 tables", before+1), "messages: ")
		c := h.latest()
		if c.Kind != manifest.KindCompact || c.Current.Round != c.Round || len(c.Streams) != 0 || len(c.Files) != 0 || c.State == nil {
			t.Fatalf("compact entry = kind %s, current %+v, %d streams, %d files, state %v", c.Kind, c.Current, len(c.Streams), len(c.Files), c.State)
		}
		h.assertCurrentMatches("after etl compact, its snapshot alone:", h.snapshotState)
		if res := h.etl("compact", h.pipeline); res.code != 0 || !strings.Contains(res.stdout, "nothing to compact") {
			t.Errorf("a second etl compact = %d\n%s%s", res.code, res.stdout, res.stderr)
		}
		h.churnUsers(11)
		h.mustRun()
		if e := h.latest(); e.Kind != manifest.KindSync || e.Streams[0].Mode != "incremental" {
			t.Errorf("the round after the compaction: kind %s, streams %+v; want incremental sync", e.Kind, e.Streams)
		}
		h.assertCurrentMatches("after a round on top of etl compact:", h.currentState)
		h.assertVerifies()
	})

	t.Run("etl show prints the current rows", func(t *testing.T) {
		u := h.emulatorState("users")[0]
		res := h.etl("show", h.pipeline, "users", "--where", "id="+u["id"].(string), "--columns", "id,displayName,_op")
		if res.code != 0 {
			t.Fatalf("etl show = %d\n%s%s", res.code, res.stdout, res.stderr)
		}
		want := fmt.Sprintf("id  displayName  _op\n%s  %s  upsert\n", u["id"], u["displayName"])
		if got := strings.Join(strings.Fields(res.stdout), " "); got != strings.Join(strings.Fields(want), " ") {
			t.Errorf("etl show printed\n%s\nwant\n%s", res.stdout, want)
		}
		mustContain(t, "etl show's summary", res.stderr, "users after round", ": 1 rows")
		res = h.etl("show", h.pipeline, "userz")
		if res.code != exitConfig {
			t.Errorf("etl show userz = %d, want %d", res.code, exitConfig)
		}
		mustContain(t, "etl show userz", res.stderr, `unknown table "userz"`, "group_members, groups, mail_folders, messages, users")
		res = h.etl("show", h.pipeline, "messages", "--where", "subjekt=x")
		mustContain(t, "etl show --where subjekt", res.stderr, `no column "subjekt"`, "subject")
	})

	t.Run("etl history names the kinds and the chain", func(t *testing.T) {
		res := h.etl("history", h.pipeline)
		lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
		entries := h.history()
		if res.code != 0 || len(lines) != len(entries)+1 || !strings.Contains(lines[0], "KIND") || !strings.Contains(lines[2], "compact") {
			t.Fatalf("etl history = %d\n%s%s", res.code, res.stdout, res.stderr)
		}
		newest := entries[len(entries)-1]
		mustContain(t, "etl history's newest line", lines[1], newest.SHA256[:12], newest.Previous[:12], strings.Join(summarise(newest).Sources, ","))
	})
}

func TestCompactOnAnS3Lake(t *testing.T) {
	s3srv := s3test.Start(t)
	h := newHarness(t, graphtest.Options{Seed: 52, Users: 150}, allUserProperties+"\n  lake { compact_every = 0 }")
	h.useS3(s3srv, s3srv.Bucket(t, "lake"), "graph/contoso")
	h.mustRun()
	h.churnUsers(1)
	h.mustRun()
	if h.latest().Current != nil {
		t.Fatal("compact_every = 0 wrote a snapshot")
	}
	if res := h.etl("compact", h.pipeline); res.code != 0 {
		t.Fatalf("etl compact = %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if c := h.latest(); c.Round != 3 || c.Kind != manifest.KindCompact {
		t.Fatalf("latest entry: round %d kind %s, want 3 compact", c.Round, c.Kind)
	}
	h.assertUsersCurrent("after etl compact", h.snapshotState)
	h.churnUsers(2)
	h.mustRun()
	h.assertUsersCurrent("after a round on top of the snapshot", h.currentState)
	h.assertVerifies()
	if gc := h.etl("gc", h.pipeline, "--min-age", "0s"); gc.code != 0 || !strings.Contains(gc.stdout, "0 objects unreferenced") {
		t.Errorf("etl gc lists named objects:\n%s%s", gc.stdout, gc.stderr)
	}
}

func (h *harness) assertUsersCurrent(when string, read func(string) []map[string]any) {
	h.t.Helper()
	if diff := cmp.Diff(h.emulatorState("users"), read("users")); diff != "" {
		h.t.Fatalf("%s the current users differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
}

// latest is the newest committed entry.
func (h *harness) latest() *manifest.Committed {
	h.t.Helper()
	c, err := manifest.Latest(context.Background(), h.lake())
	if err != nil || c == nil {
		h.t.Fatalf("latest entry: %v, %v", c, err)
	}
	return c
}

// currentState reads a table's current state with package current: the
// newest snapshot and the change log after it.
func (h *harness) currentState(table string) []map[string]any {
	h.t.Helper()
	var rows []map[string]any
	if err := current.Scan(context.Background(), h.lake(), h.latest(), table, func(row map[string]any) error {
		rows = append(rows, known(row))
		return nil
	}); err != nil {
		h.t.Fatalf("scan the current %s: %v", table, err)
	}
	return rows
}

// snapshotState reads the newest snapshot's files of a table alone.
func (h *harness) snapshotState(table string) []map[string]any {
	h.t.Helper()
	ct := h.latest().Current.Table(table)
	if ct == nil {
		h.t.Fatalf("the latest snapshot has no table %s", table)
	}
	var names []parquetin.File
	for _, f := range ct.Files {
		names = append(names, parquetin.Recorded(f))
	}
	var rows []map[string]any
	if err := parquetin.ReadRows(context.Background(), h.lake(), names, func(row map[string]any) error {
		if row["_op"] != "upsert" || row["_removed_reason"] != nil {
			h.t.Fatalf("snapshot row of %s: _op %v, _removed_reason %v", table, row["_op"], row["_removed_reason"])
		}
		rows = append(rows, known(row))
		return nil
	}); err != nil {
		h.t.Fatal(err)
	}
	return rows
}

// known keeps a current row's key and the columns _fields names, as
// lake.State's rows hold them, normalised.
func known(row map[string]any) map[string]any {
	out := map[string]any{}
	fields, _ := row["_fields"].([]any)
	for _, f := range fields {
		out[f.(string)] = row[f.(string)]
	}
	for k, v := range row {
		if _, ok := out[k]; !ok && !strings.HasPrefix(k, "_") && v != nil {
			out[k] = v // the key columns
		}
	}
	sdktest.Normalise(out)
	return out
}

// assertCurrentMatches compares the current state of users, groups,
// group_members, mail_folders and messages, as read, with the emulator's.
func (h *harness) assertCurrentMatches(when string, read func(table string) []map[string]any) {
	h.t.Helper()
	h.assertUsersCurrent(when, read)
	if diff := cmp.Diff(h.emulatorState("groups"), read("groups")); diff != "" {
		h.t.Fatalf("%s the current groups differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
	got := read("group_members")
	sdktest.SortRows(got, currentKeys["group_members"]...)
	if diff := cmp.Diff(h.emulatorMemberships(nil), got); diff != "" {
		h.t.Fatalf("%s the current group_members differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
	folders := sortMail(h.emulatorState("mail_folders"), "userId", "id")
	if diff := cmp.Diff(deepNormalise(folders), deepNormalise(sortMail(read("mail_folders"), "userId", "id"))); diff != "" {
		h.t.Fatalf("%s the current mail_folders differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
	msgs := h.emulatorState("messages")
	for _, m := range msgs {
		m["folderId"] = m["parentFolderId"]
	}
	msgs = sortMail(msgs, "userId", "folderId", "id")
	if diff := cmp.Diff(deepNormalise(msgs), deepNormalise(sortMail(read("messages"), "userId", "folderId", "id"))); diff != "" {
		h.t.Fatalf("%s the current messages differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
}

func TestAFailedCompactionCommitsTheRoundWithTheLastSnapshot(t *testing.T) {
	s3srv := s3test.Start(t)
	proxy := startFaultProxy(t, s3srv.Endpoint)
	h := newHarness(t, graphtest.Options{Seed: 53, Users: 80}, allUserProperties+"\n  lake { compact_every = 1 }")
	h.useS3(s3srv, s3srv.Bucket(t, "lake"), "p")
	h.destination = strings.Replace(h.destination, s3srv.Endpoint, proxy.URL, 1)
	h.writePipeline(h.sources)
	h.mustRun()
	first := h.latest().Current
	h.churnUsers(1)
	proxy.setRule(func(r *http.Request, _ int) s3Fault {
		if r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/current/") {
			return fail503
		}
		return passThrough
	})
	res := h.mustRun()
	mustContain(t, "etl run's warning", res.stderr, "without a new current-state snapshot")
	if c := h.latest(); c.Round != 2 || c.Current == nil || c.Current.Round != first.Round {
		t.Fatalf("round %d names snapshot %+v, want round 1's carried forward", c.Round, c.Current)
	}
	h.assertUsersCurrent("after the failed compaction", h.currentState)
	proxy.setRule(nil)
	h.churnUsers(2)
	h.mustRun()
	if c := h.latest(); c.Current.Round != 3 {
		t.Errorf("round 3 names the snapshot of round %d; the next round should compact again", c.Current.Round)
	}
	h.assertUsersCurrent("after the next round", h.snapshotState)
	h.assertVerifies()
}
