package duckdb

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/calendar"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestEventsCurrentViewMatchesTheEmulator: DuckDB's events_current (nested
// start, end, organizer and attendees structs) holds the emulator's events
// within the window, round after round of calendar churn, and after the
// window moves the rows it left behind are gone from it.
func TestEventsCurrentViewMatchesTheEmulator(t *testing.T) {
	l := newLake(t, graphtest.Options{Seed: 41, Users: 10, Mailboxes: 2, FoldersPerMailbox: 1, MessagesPerFolder: 1,
		Calendars: graphtest.CalendarOptions{EventsPerCalendar: 20}},
		`  source "calendar" {
    past   = "120d"
    future = "200d"
  }`)
	cfg := calendar.Config{Past: "120d", Future: "200d"}
	for round := 1; round <= 3; round++ {
		if round == 3 { // move the window: a shorter past
			raw, err := os.ReadFile(l.pipeline)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(l.pipeline, []byte(strings.Replace(string(raw), `"120d"`, `"30d"`, 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			cfg.Past = "30d"
		}
		before, err := cfg.WindowAt(time.Now())
		if err != nil {
			t.Fatal(err)
		}
		l.run()
		if after, _ := cfg.WindowAt(time.Now()); after != before {
			t.Skip("the round crossed a window anchor (UTC midnight); its window is unknown")
		}
		truth, err := l.srv.EventState(before.Start, before.End)
		if err != nil {
			t.Fatal(err)
		}
		db := l.openDuckDB(l.sql("--snapshot", "none"))
		want := eventRows(truth)
		got := eventRows(withoutMeta(query(t, db, "SELECT * FROM events_current")))
		if len(want) < 10 {
			t.Fatalf("after round %d the window holds only %d events", round, len(want))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("after round %d events_current differs from the emulator (-emulator +view):\n%s", round, diff)
		}
		l.srv.AdvanceCalendars(time.Hour)
		l.srv.ChurnCalendars(5)
	}
}

// eventRows keeps the events table's columns, normalised and sorted.
func eventRows(rows []map[string]any) []map[string]any {
	return sdktest.Project(calendar.Events(), rows, "userId", "id")
}
