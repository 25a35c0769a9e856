package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/plugins/calendar"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/wire"
)

// directoryAndMailSource is a pipeline of the directory's and mail's
// built-in plugins, each selecting all that the emulator keeps.
var directoryAndMailSource = allUserProperties + "\n  " + groupsSource(false, nil) + "\n  " + contactsSource(false, nil) + `
  source "mail" {
    select    = ` + allMessageProperties + `
    page_size = 20
  }`

// everySource is a pipeline of every built-in plugin but directory and
// auditlogs (which have tests of their own), each selecting all that the
// emulator keeps (the drives source: every OneDrive and the first
// SharePoint site, by its URL).
var everySource = directoryAndMailSource + `
  ` + calendarSource(everyPast) + `
  source "personal_contacts" {
    page_size = 20
  }
  source "drives" {
    users = ["all"]
    sites = ["https://contoso.sharepoint.com/sites/site1"]
  }`

// everyPast is the calendar window's past in everySource.
const everyPast = "120d"

// everyTenant is a small tenant with every kind of object.
var everyTenant = graphtest.Options{Seed: 81, Users: 60, Groups: 6, Contacts: 30, Mailboxes: 2, FoldersPerMailbox: 4, MessagesPerFolder: 10,
	ContactFoldersPerMailbox: 3, ContactsPerFolder: 3, Calendars: graphtest.CalendarOptions{EventsPerCalendar: 8},
	Drives: graphtest.DriveOptions{OneDrives: 2, Sites: 1, LibrariesPerSite: 2, ItemsPerDrive: 20}}

// everyChurn is a round of changes to every resource of everyTenant: the
// directory's, mail's and personal contacts' churn specs, ops changes in
// every calendar (after the calendars' clock moves an hour) and a drive
// churn of every drive.
type everyChurn struct {
	specs     []graphtest.ChurnSpec
	calendars int
	drives    graphtest.DriveChurn
}

// gapChurn changes every resource, deletions above all.
var gapChurn = everyChurn{
	specs: []graphtest.ChurnSpec{
		{Resource: "users", Creates: 3, Updates: 5, Deletes: 6, Seed: 1},
		{Resource: "groups", Updates: 2, Deletes: 1, Members: intPtr(12), Seed: 2},
		{Resource: "contacts", Creates: 2, Updates: 3, Deletes: 4, Seed: 3},
		{Resource: "messages", Creates: 4, Updates: 4, Deletes: 8, Moves: 4, Seed: 4},
		{Resource: "contact_folders", Creates: 1, Updates: 1, Deletes: 1, Moves: 1, Seed: 5},
		{Resource: "personal_contacts", Creates: 2, Updates: 2, Deletes: 3, Moves: 1, Seed: 6},
	},
	calendars: 4,
	drives:    graphtest.DriveChurn{Creates: 2, Edits: 1, Renames: 1, Moves: 1, DeleteFiles: 2, DeleteFolders: 1},
}

func intPtr(n int) *int { return &n }

// churn applies specs to the emulator's tenant.
func (h *harness) churn(specs ...graphtest.ChurnSpec) {
	h.t.Helper()
	for _, c := range specs {
		if _, err := h.srv.Tenant().Churn(c); err != nil {
			h.t.Fatal(err)
		}
	}
}

// churnEvery applies c to the emulator.
func (h *harness) churnEvery(c everyChurn) {
	h.t.Helper()
	h.churn(c.specs...)
	if c.calendars > 0 {
		h.srv.AdvanceCalendars(time.Hour)
		h.srv.ChurnCalendars(c.calendars)
	}
	if c.drives != (graphtest.DriveChurn{}) {
		if _, err := h.srv.ChurnDrives(c.drives); err != nil {
			h.t.Fatal(err)
		}
	}
}

// assertEverythingMatches compares every table of everySource with the
// emulator's state: the directory's and mail's (see
// assertDirectoryAndMailMatch), personal contacts for the users that
// exist (the emulator keeps a deleted user's mailbox), events within the
// window of the newest round, drive items without path and webUrl, which
// a renamed folder changes (the lake's tree gives each path).
func (h *harness) assertEverythingMatches(when string) {
	h.t.Helper()
	h.assertEverythingMatchesIn(when, nil)
}

// assertEverythingMatchesIn is assertEverythingMatches for a pipeline
// whose calendar and personal_contacts sources sync only these mailboxes
// (all when nil).
func (h *harness) assertEverythingMatchesIn(when string, mailboxes []string) {
	h.t.Helper()
	live := h.assertDirectoryAndMailMatch(when)
	if mailboxes != nil {
		live = slices.DeleteFunc(live, func(u string) bool { return !slices.Contains(mailboxes, u) })
	}
	h.assertFolderTreeMatches(0, "contact_folders", "personal_contacts", live...)
	h.assertEvents(when, calendar.Config{Past: everyPast, Future: "200d"}, mailboxes...)
	h.assertDrives(when, false)
}

// assertDirectoryAndMailMatch compares every table of
// directoryAndMailSource with the emulator's state and returns the ids of
// the users that exist. Mail is compared for them: the emulator keeps a
// deleted user's mailbox, the mail source no longer lists it.
func (h *harness) assertDirectoryAndMailMatch(when string) (live []string) {
	h.t.Helper()
	users := h.emulatorState("users")
	if diff := cmp.Diff(users, h.lakeState("users", "id")); diff != "" {
		h.t.Fatalf("%s the lake's users differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
	h.assertGroupsMatch(nil, when)
	h.assertContactsMatch(nil, when)
	for _, u := range users {
		live = append(live, u["id"].(string))
	}
	h.assertMailMatches(0, live...)
	return live
}

// resyncDeletes reads the tombstones a round wrote with reason "resync",
// by table.
func (h *harness) resyncTombstones(e *manifest.Committed) map[string]int64 {
	h.t.Helper()
	out := map[string]int64{}
	for _, f := range e.Files {
		err := parquetin.ReadRows(h.t.Context(), h.lake(), []parquetin.File{parquetin.Recorded(f)}, func(row map[string]any) error {
			if row["_op"] == "delete" && row["_removed_reason"] == "resync" {
				out[f.Table]++
			}
			return nil
		})
		if err != nil {
			h.t.Fatal(err)
		}
	}
	return out
}

// TestResyncDeletesWhatGraphNeverAnnounced runs every built-in plugin as a
// process through a resync in one of the ways Graph discards a sync state:
// the tenant-wide reset with a Location, where each stream restarts from
// its own first-round URL. The other ways differ only in the error Graph
// answers, and each is tested in process: sdk/graph's
// TestExpiredTokensAskForAResync (each is a resync), and the users and
// mail plugins' TestEveryWayGraphDiscardsTheSyncStateResyncsAndSweeps
// (each resyncs, says why, sweeps and matches the emulator, then runs
// incremental again); the host's sweep is internal/runner's
// TestRoundResyncSweeps.
func TestResyncDeletesWhatGraphNeverAnnounced(t *testing.T) {
	for _, mode := range []string{"location"} {
		t.Run(mode, func(t *testing.T) {
			h := newHarness(t, everyTenant, everySource)
			h.mustRun()
			h.churnEvery(gapChurn)
			if err := h.srv.ExpireDeltaTokens(mode); err != nil {
				t.Fatal(err)
			}
			// The drives' own way: 410 resyncRequired with a drive code.
			if err := h.srv.ResyncDrives("resyncChangesApplyDifferences"); err != nil {
				t.Fatal(err)
			}
			h.mustRun()
			h.assertEverythingMatches("after the resync")

			entries := h.history()
			last := entries[len(entries)-1]
			var swept int64
			resynced := map[string]bool{}
			for _, s := range last.Streams {
				// A folder deleted in the gap ends its items stream; a
				// contact folder tree the delta leaves out is listed in
				// full every round (see plugins/personalcontacts).
				if s.Status != "ok" && s.Status != "ended" {
					t.Errorf("stream %s/%s: %s %s", s.Source, s.Stream, s.Status, s.Error)
				}
				swept += s.Swept
				if s.Mode == "resync" && !strings.HasSuffix(s.Stream, "/folders/tree") {
					resynced[s.Source] = true
					mustContain(t, "the stream's reason", s.Reason, "Graph discarded the sync state")
				}
			}
			for _, src := range []string{"users", "groups", "contacts", "mail", "calendar", "personal_contacts", "drives"} {
				if !resynced[src] {
					t.Errorf("no stream of source %s says it resynced in round 2", src)
				}
			}
			// The host's sweep writes tombstones "resync" (not returned by
			// a full round) and "ended" (left by an ended stream).
			tombstones := h.resyncTombstones(last)
			var written int64
			for table, n := range tombstones {
				written += n + int64(h.tombstones(last.Round, table)[wire.RemovedEnded])
				t.Logf("%s: %d resync tombstones", table, n)
			}
			for _, table := range []string{"personal_contacts", "messages"} {
				if _, ok := tombstones[table]; !ok {
					written += int64(h.tombstones(last.Round, table)[wire.RemovedEnded])
				}
			}
			// Every row the host swept has its tombstone; the mailbox
			// plugins also write "resync" tombstones themselves, for the
			// folders a full round no longer returns, which no stream
			// counts as swept.
			if written < swept || swept == 0 {
				t.Errorf("resync tombstones by table %v (%d with those of ended streams), streams report %d swept", tombstones, written, swept)
			}
			for _, table := range []string{"users", "org_contacts", "group_members", "messages", "personal_contacts", "drive_items"} {
				if tombstones[table] == 0 {
					t.Errorf("no resync tombstone in %s: every table with deletions in the gap needs some", table)
				}
			}

			// The next round is incremental again, and stays right.
			h.churnEvery(everyChurn{specs: []graphtest.ChurnSpec{{Resource: "users", Updates: 3, Seed: 9}, {Resource: "contacts", Deletes: 2, Seed: 10},
				{Resource: "personal_contacts", Updates: 2, Deletes: 1, Seed: 11}}, calendars: 2, drives: graphtest.DriveChurn{Edits: 2, DeleteFiles: 1}})
			h.mustRun()
			h.assertEverythingMatches("after the round after the resync")
			for _, s := range h.history()[2].Streams {
				if s.Mode != "incremental" && s.Status == "ok" && !strings.HasSuffix(s.Stream, "/folders/tree") {
					t.Errorf("round 3: stream %s/%s ran %s, want incremental", s.Source, s.Stream, s.Mode)
				}
			}
			for _, table := range []string{"events", "personal_contacts", "drive_items"} {
				if res := h.etl("show", h.pipeline, table, "--limit", "3"); res.code != 0 || strings.Count(res.stdout, "\n") < 3 {
					t.Errorf("etl show %s exited %d:\n%s%s", table, res.code, res.stdout, res.stderr)
				}
			}
			if res := h.etl("verify", h.pipeline); res.code != 0 {
				t.Fatalf("etl verify exited %d: %s%s", res.code, res.stdout, res.stderr)
			}
		})
	}
}

func TestAChangedQueryResyncsAndANarrowedOneDeletesWhatItNoLongerSelects(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 82, Users: 40, Contacts: 80}, allUserProperties+"\n  "+contactsSource(false, nil))
	h.mustRun()
	only := map[string]bool{}
	var ids []string
	for _, c := range h.emulatorState("org_contacts")[:10] {
		ids = append(ids, c["id"].(string))
		only[c["id"].(string)] = true
	}
	// Fewer user properties, and ten contacts by id.
	h.writePipeline(`source "users" {
    select = ["displayName", "jobTitle"]
  }
  ` + contactsSource(false, ids))
	res := h.mustRun()
	mustContain(t, "stderr", res.stderr, "Query changed")
	h.assertContactsMatch(only, "after narrowing the contacts to ten ids")
	if n := len(h.lakeState("users", "id")); n != 40 {
		t.Errorf("the lake holds %d users after a new $select, want all 40", n)
	}
	// The users stream read everything again; the contacts stream made
	// way for one filtered by id, so it ended, and the contacts that no
	// stream returns any more were deleted as it ended.
	swept := map[string]int64{}
	for _, s := range h.history()[1].Streams {
		swept[s.Source] += s.Swept
		switch {
		case s.Source == "users" && (s.Mode != "resync" || s.Reason != "query changed"):
			t.Errorf("stream users: mode %s, reason %q; want resync, query changed", s.Mode, s.Reason)
		case s.Stream == "contacts" && s.Status != "ended":
			t.Errorf("stream contacts: %s, want ended", s.Status)
		}
	}
	if want := map[string]int64{"users": 0, "contacts": 70}; !cmp.Equal(want, swept) {
		t.Errorf("rows swept by source %v, want %v", swept, want)
	}
}

func TestResetMakesTheNextRoundReadEverythingAndSweep(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 83, Users: 50, Contacts: 40}, allUserProperties+"\n  "+contactsSource(false, nil))
	h.mustRun()

	if res := h.etl("reset", h.pipeline, "--source", "nope"); res.code != exitConfig {
		t.Fatalf("etl reset --source nope exited %d, want %d\n%s", res.code, exitConfig, res.stderr)
	} else {
		mustContain(t, "stderr", res.stderr, `no source "nope"`, "users, contacts")
	}
	res := h.etl("reset", h.pipeline, "--source", "contacts")
	if res.code != 0 {
		t.Fatalf("etl reset exited %d: %s", res.code, res.stderr)
	}
	mustContain(t, "stdout", res.stdout, "round 2: reset 1 streams of contacts")
	reset := h.history()[1]
	if reset.Kind != "reset" || len(reset.Files) != 0 || reset.Streams[0].Status != "reset" || reset.Streams[0].StartLinkSHA256 == "" {
		t.Fatalf("round 2 is not a reset that names the forgotten link: %+v", reset.Entry)
	}
	if n := len(h.lakeState("org_contacts", "id")); n != 40 {
		t.Fatalf("the reset changed the lake: %d contacts, want 40", n)
	}

	// Graph drops contacts whose deletion a stored deltaLink would have
	// announced; the reset round has none and must find them by itself.
	h.churn(graphtest.ChurnSpec{Resource: "contacts", Deletes: 5, Updates: 3, Seed: 1}, graphtest.ChurnSpec{Resource: "users", Updates: 4, Seed: 2})
	h.mustRun()
	h.assertContactsMatch(nil, "after the reset round")
	if diff := cmp.Diff(h.emulatorState("users"), h.lakeState("users", "id")); diff != "" {
		t.Fatalf("after the reset round the users differ (-emulator +lake):\n%s", diff)
	}
	for _, s := range h.history()[2].Streams {
		switch s.Source {
		case "contacts":
			if s.Mode != "resync" || s.Reason != "reset in round 2" || s.Swept != 5 {
				t.Errorf("contacts after the reset: mode %s, reason %q, swept %d; want resync, reset in round 2, 5", s.Mode, s.Reason, s.Swept)
			}
		case "users":
			if s.Mode != "incremental" {
				t.Errorf("users were not reset, yet ran %s", s.Mode)
			}
		}
	}
	if res := h.etl("verify", h.pipeline); res.code != 0 {
		t.Fatalf("etl verify after a reset exited %d: %s%s", res.code, res.stdout, res.stderr)
	}
}
