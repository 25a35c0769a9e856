package main

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/plugins/calendar"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
	"github.com/graphlake/graphlake/sdk/wire"
)

// calendarSource is a calendar source block with the given past.
func calendarSource(past string) string {
	return fmt.Sprintf(`source "calendar" {
    past      = %q
    future    = "200d"
    page_size = 20
  }`, past)
}

// TestCalendarThroughTheBinary: rounds of etl run over churn of the
// emulator's calendars (new meetings, series edits, exceptions,
// cancellations, deletions) and one move of the window: after every round
// the lake's current events equal the emulator's within the window the
// round synced, and the rows the moved window left behind end as
// "outside window", never as deletions.
func TestCalendarThroughTheBinary(t *testing.T) {
	opts := graphtest.Options{Seed: 22, Users: 12, Mailboxes: 3, FoldersPerMailbox: 1, MessagesPerFolder: 1,
		Calendars: graphtest.CalendarOptions{EventsPerCalendar: 20}}
	// Graph's silent cancellations are caught up at the next slide only
	// (see plugins/calendar's test of them): not within these rounds.
	withEachVariantSet(t, opts, func(t *testing.T, opts graphtest.Options) {
		opts.Variants = slices.DeleteFunc(slices.Clone(opts.Variants), func(v graphtest.Variant) bool { return v == graphtest.SilentCancellations })
		h := newHarness(t, opts, calendarSource("120d"))
		past := "120d"
		steps := []struct {
			past string
			ops  int
		}{{"120d", 0}, {"120d", 6}, {"20d", 6}, {"20d", 6}}
		for i, s := range steps {
			if s.past != past {
				past = s.past
				h.writePipeline(calendarSource(past))
			}
			if s.ops > 0 {
				h.srv.AdvanceCalendars(time.Hour)
				h.srv.ChurnCalendars(s.ops)
			}
			h.mustRun()
			h.assertEvents(fmt.Sprintf("round %d", i+1), calendar.Config{Past: past, Future: "200d"})
		}
		last := h.history()[len(h.history())-1]
		moved := 0
		for _, st := range last.Streams {
			if st.Reason == wire.ReasonWindowMoved {
				moved++
			}
		}
		if moved != 0 {
			t.Fatalf("the round after the move moved %d windows again", moved)
		}
		moveRound := h.history()[len(h.history())-2]
		for _, st := range moveRound.Streams {
			if st.Source == "calendar" && st.Reason != wire.ReasonWindowMoved {
				t.Fatalf("stream %s of the round that moved the window: mode %s, reason %q", st.Stream, st.Mode, st.Reason)
			}
		}
		if n := h.tombstones(moveRound.Round, "events")[wire.RemovedOutsideWindow]; n == 0 {
			t.Fatal("moving the window ended no row as outside it")
		}
		if res := h.etl("show", h.pipeline, "events"); res.code != 0 {
			t.Fatalf("etl show events exited %d:\n%s%s", res.code, res.stdout, res.stderr)
		}
	})
}

// assertEvents compares the lake's current events with the emulator's
// within the window of the last round (placed from its start time);
// users, when given, limits the emulator's side to those mailboxes.
func (h *harness) assertEvents(when string, cfg calendar.Config, users ...string) {
	h.t.Helper()
	entries := h.history()
	w, err := cfg.WindowAt(entries[len(entries)-1].StartedAt)
	if err != nil {
		h.t.Fatal(err)
	}
	truth, err := h.srv.EventState(w.Start, w.End)
	if err != nil {
		h.t.Fatal(err)
	}
	want, got := eventColumns(onlyUsers(truth, users)), eventColumns(h.lakeState("events", "userId", "id"))
	if len(want) == 0 {
		h.t.Fatalf("%s: the window holds no event", when)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		h.t.Fatalf("%s: the lake's events differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
}

// eventColumns keeps the events table's columns of rows, normalised and
// sorted by key.
func eventColumns(rows []map[string]any) []map[string]any {
	return sdktest.Project(calendar.Events(), rows, "userId", "id")
}

// tombstones counts the deletes a round wrote to table, by reason.
func (h *harness) tombstones(round int64, table string) map[string]int {
	h.t.Helper()
	out := map[string]int{}
	for _, e := range h.history() {
		if e.Round != round {
			continue
		}
		var names []parquetin.File
		for _, f := range e.Files {
			if f.Table == table {
				names = append(names, parquetin.Recorded(f))
			}
		}
		err := parquetin.ReadRows(context.Background(), h.lake(), names, func(row map[string]any) error {
			if row["_op"] == "delete" {
				reason, _ := row["_removed_reason"].(string)
				out[reason]++
			}
			return nil
		})
		if err != nil {
			h.t.Fatal(err)
		}
	}
	return out
}
