package calendar_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/calendar"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// start is the calendars' first clock reading: midday, so that hours pass
// without a slide.
var start = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func config(t *testing.T, c calendar.Config) string {
	t.Helper()
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// project keeps a row's events columns, normalised and sorted for
// comparison.
func project(rows []map[string]any) []map[string]any {
	return sdktest.Project(calendar.Events(), rows, "userId", "id")
}

// truth is the emulator's events within the window the source uses now.
func truth(t *testing.T, srv *graphtest.Server, w sdk.Window) []map[string]any {
	t.Helper()
	rows, err := srv.EventState(w.Start, w.End)
	if err != nil {
		t.Fatal(err)
	}
	return project(rows)
}

// assertEvents compares the lake's current events with the truth.
func assertEvents(t *testing.T, r *sdktest.Runner, srv *graphtest.Server, w sdk.Window, when string) {
	t.Helper()
	want := truth(t, srv, w)
	if len(want) == 0 {
		t.Fatalf("%s: the window holds no event", when)
	}
	if diff := cmp.Diff(want, project(r.State(calendar.EventsTable))); diff != "" {
		t.Fatalf("%s: the lake's events differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
}

// reasons counts a round's tombstones by reason.
func reasons(rd sdktest.Round) map[string]int {
	out := map[string]int{}
	for _, row := range rd.Rows[calendar.EventsTable] {
		if row["_op"] == "delete" {
			out[row["_removed_reason"].(string)]++
		}
	}
	return out
}

func TestEventsFollowChurnAndTheSlidingWindow(t *testing.T) {
	variants := map[string][]graphtest.Variant{"as documented": nil,
		"with every variant": {graphtest.SparseOccurrences, graphtest.WholeSeriesPages, graphtest.ServerErrors, graphtest.PartialUpdates}}
	for name, vs := range variants {
		t.Run(name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 30, Mailboxes: 3, FoldersPerMailbox: 1, MessagesPerFolder: 1,
				Variants: vs, Calendars: graphtest.CalendarOptions{Start: start, EventsPerCalendar: 25}})
			r := sdktest.New(t, srv, calendar.NewWithClock(srv.CalendarClock))
			cfg := calendar.Config{Past: "30d", Future: "60d", PageSize: 7}
			decoded := config(t, cfg)
			window := func() sdk.Window { return mustWindow(t, cfg, srv.CalendarClock()) }
			r.Sync(decoded)
			assertEvents(t, r, srv, window(), "initial round")
			steps := []struct {
				advance time.Duration
				slides  bool
			}{{2 * time.Hour, false}, {24 * time.Hour, true}, {3 * time.Hour, false}, {48 * time.Hour, true}, {20 * 24 * time.Hour, true}}
			outside, deletedOnSlide := 0, 0
			for i, s := range steps {
				held := map[string]bool{}
				for _, row := range r.State(calendar.EventsTable) {
					held[row["id"].(string)] = true
				}
				srv.AdvanceCalendars(s.advance)
				churn := srv.ChurnCalendars(10)
				rd := r.Sync(decoded)
				for _, row := range rd.Rows[calendar.EventsTable] {
					if s.slides && row["_removed_reason"] == "deleted" && held[row["id"].(string)] {
						deletedOnSlide++
					}
				}
				when := "round " + string(rune('2'+i))
				for _, cp := range rd.Checkpoints {
					slid := cp.Reason == sdk.ReasonWindowMoved
					if slid != s.slides || (!slid && cp.Mode != sdk.ModeIncremental) {
						t.Fatalf("%s: stream %s mode %s reason %q; want a slide: %v", when, cp.Stream, cp.Mode, cp.Reason, s.slides)
					}
				}
				assertEvents(t, r, srv, window(), when+" after churn "+churnText(churn))
				assertOutsideExist(t, srv, rd, when)
				outside += reasons(rd)[sdk.RemovedOutsideWindow]
				if !s.slides && reasons(rd)[sdk.RemovedOutsideWindow] > 0 {
					t.Fatalf("%s: rows ended as outside the window without a slide", when)
				}
			}
			if outside == 0 || deletedOnSlide == 0 {
				t.Fatalf("%d rows left the window and %d held ones were deleted on a slide: the test must do both", outside, deletedOnSlide)
			}
		})
	}
}

// assertOutsideExist checks that every row a round ended as outside the
// window is an event that still exists (deletions are Graph's "deleted").
func assertOutsideExist(t *testing.T, srv *graphtest.Server, rd sdktest.Round, when string) {
	t.Helper()
	all, err := srv.EventState(start.AddDate(-5, 0, 0), start.AddDate(5, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	exists := map[string]bool{}
	for _, row := range all {
		exists[row["id"].(string)] = true
	}
	for _, row := range rd.Rows[calendar.EventsTable] {
		if row["_removed_reason"] == sdk.RemovedOutsideWindow && !exists[row["id"].(string)] {
			t.Fatalf("%s: event %s was deleted, but its row ended as outside the window", when, row["id"])
		}
	}
}

// mustWindow is the source's window at now.
func mustWindow(t *testing.T, cfg calendar.Config, now time.Time) sdk.Window {
	t.Helper()
	w, err := cfg.WindowAt(now)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func churnText(c graphtest.CalendarChurn) string {
	raw, _ := json.Marshal(c)
	return string(raw)
}

// TestSilentlyCancelledOccurrencesEndAtTheNextSlide: when Graph does not
// announce an occurrence deleted from its series (the
// silent-cancellations variant), the lake keeps it until the window's
// next slide, whose full read does not return it; no round sooner can
// know.
func TestSilentlyCancelledOccurrencesEndAtTheNextSlide(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 30, Mailboxes: 2, FoldersPerMailbox: 1, MessagesPerFolder: 1,
		Variants:  []graphtest.Variant{graphtest.SilentCancellations},
		Calendars: graphtest.CalendarOptions{Start: start, EventsPerCalendar: 25}})
	r := sdktest.New(t, srv, calendar.NewWithClock(srv.CalendarClock))
	cfg := calendar.Config{Past: "30d", Future: "60d"}
	decoded := config(t, cfg)
	r.Sync(decoded)
	var user, occurrence string
	for _, row := range truth(t, srv, mustWindow(t, cfg, srv.CalendarClock())) {
		if row["type"] == "occurrence" {
			user, occurrence = row["userId"].(string), row["id"].(string)
		}
	}
	if err := srv.CancelOccurrence(user, occurrence); err != nil {
		t.Fatal(err)
	}
	srv.AdvanceCalendars(time.Hour)
	r.Sync(decoded)
	want := truth(t, srv, mustWindow(t, cfg, srv.CalendarClock()))
	got := project(r.State(calendar.EventsTable))
	if len(got) != len(want)+1 {
		t.Fatalf("before the slide the lake holds %d events, want the emulator's %d and the cancelled occurrence", len(got), len(want))
	}
	srv.AdvanceCalendars(24 * time.Hour)
	r.Sync(decoded)
	assertEvents(t, r, srv, mustWindow(t, cfg, srv.CalendarClock()), "the slide after the silent cancellation")
}

// TestALoopOfRepeatedPagesFailsOnlyItsStream: Graph has been seen serving
// one calendarView/delta page again and again, each time behind a new
// nextLink (msgraph-sdk-dotnet #3082). The mailbox's stream fails with
// an error that says so after a few pages, the other mailboxes' rounds
// commit, and once Graph pages normally the stream catches up.
func TestALoopOfRepeatedPagesFailsOnlyItsStream(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 30, Mailboxes: 3, FoldersPerMailbox: 1, MessagesPerFolder: 1,
		Calendars: graphtest.CalendarOptions{Start: start, EventsPerCalendar: 25}})
	looping := srv.Tenant().MailboxIDs()[0]
	if err := srv.SetFaults(graphtest.FaultConfig{Seed: 1, Rules: []graphtest.FaultRule{
		{Kind: "repeat_page", Match: "/users/" + looping + "/calendarView"}}}); err != nil {
		t.Fatal(err)
	}
	r := sdktest.New(t, srv, calendar.NewWithClock(srv.CalendarClock))
	cfg := calendar.Config{Past: "30d", Future: "60d", PageSize: 5}
	decoded := config(t, cfg)
	rd := r.Sync(decoded, sdktest.AllowFailed(looping+"/calendar"))
	failed := rd.Failed()
	if len(failed) != 1 || !strings.Contains(failed[0].Stream, looping) || !strings.Contains(failed[0].Error, "the same page in a loop") {
		t.Fatalf("failed streams %+v; want only %s's, naming the loop", failed, looping)
	}
	if ok := len(rd.Checkpoints) - len(failed); ok < 2 {
		t.Fatalf("%d streams committed beside the looping one, want the other mailboxes'", ok)
	}
	srv.ClearFaults()
	r.Sync(decoded)
	assertEvents(t, r, srv, mustWindow(t, cfg, srv.CalendarClock()), "the round after the loop")
}
