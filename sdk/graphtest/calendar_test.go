package graphtest_test

import (
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// calendarStart is the calendars' clock at first in tests whose churn
// must be reproducible (churn draws from the clock).
var calendarStart = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// calendarWindow is a test's calendarView window around the clock.
func calendarWindow(srv *graphtest.Server) (from, to time.Time) {
	now := srv.CalendarClock().Truncate(24 * time.Hour)
	return now.AddDate(0, 0, -60), now.AddDate(0, 0, 120)
}

func calendarURL(srv *graphtest.Server, user string, from, to time.Time) string {
	return srv.GraphURL() + "/users/" + user + "/calendarView/delta?startDateTime=" + url.QueryEscape(from.Format(time.RFC3339)) +
		"&endDateTime=" + url.QueryEscape(to.Format(time.RFC3339))
}

// applyRound folds a delta round's items into view (by id).
func applyRound(view map[string]map[string]any, items []map[string]any) {
	for _, it := range items {
		id := it["id"].(string)
		if removed(it) != "" {
			delete(view, id)
			continue
		}
		view[id] = it
	}
}

// eventTruth reads the events truth of the window by id.
func eventTruth(t *testing.T, srv *graphtest.Server, user string, from, to time.Time) map[string]map[string]any {
	t.Helper()
	rows, err := srv.EventState(from, to)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, r := range rows {
		if r["userId"] == user {
			out[r["id"].(string)] = r
		}
	}
	return out
}

// sameEvents compares a folded view with the truth by id, subject and times.
func sameEvents(t *testing.T, round int, view, truth map[string]map[string]any) {
	t.Helper()
	if len(view) != len(truth) {
		t.Fatalf("round %d: the folded rounds hold %d events, the truth %d", round, len(view), len(truth))
	}
	for id, want := range truth {
		got, ok := view[id]
		if !ok {
			t.Fatalf("round %d: event %s of the truth is missing", round, id)
		}
		for _, k := range []string{"subject", "type", "isCancelled", "seriesMasterId"} {
			if got[k] != want[k] {
				t.Fatalf("round %d: event %s: %s is %v, want %v", round, id, k, got[k], want[k])
			}
		}
		if got["start"].(map[string]any)["dateTime"] != want["start"].(map[string]any)["dateTime"] {
			t.Fatalf("round %d: event %s starts %v, want %v", round, id, got["start"], want["start"])
		}
	}
}

func TestCalendarViewDeltaFollowsChurnAndTheClock(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 20, Mailboxes: 2, FoldersPerMailbox: 1, MessagesPerFolder: 1,
		Calendars: graphtest.CalendarOptions{EventsPerCalendar: 30, Start: calendarStart}})
	c := newClient(t, srv)
	user := srv.Tenant().MailboxIDs()[0]
	from, to := calendarWindow(srv)
	items, link, pages := c.round(calendarURL(srv, user, from, to), "odata.maxpagesize=7")
	types := map[string]int{}
	for _, it := range items {
		types[it["type"].(string)]++
	}
	if types["seriesMaster"] != 0 || types["occurrence"] == 0 || types["singleInstance"] == 0 {
		t.Fatalf("a calendar view lists single events, occurrences and exceptions, never masters: %v", types)
	}
	if pages < 2 {
		t.Fatalf("%d items came on %d pages of at most 7", len(items), pages)
	}
	view := map[string]map[string]any{}
	applyRound(view, items)
	sameEvents(t, 0, view, eventTruth(t, srv, user, from, to))
	for round := 1; round <= 4; round++ {
		srv.AdvanceCalendars(24 * time.Hour)
		churn := srv.ChurnCalendars(6)
		items, link, _ = c.round(link, "odata.maxpagesize=7")
		applyRound(view, items)
		// The window is the one the first request named, whatever the clock.
		sameEvents(t, round, view, eventTruth(t, srv, user, from, to))
		if len(items) == 0 {
			t.Fatalf("round %d: churn %v changed nothing the round returned", round, churn)
		}
	}
}

func TestCalendarViewDeltaReportsEventsOutsideTheWindowAsRemoved(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 5, Users: 10, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 1,
		Calendars: graphtest.CalendarOptions{Start: calendarStart}})
	c := newClient(t, srv)
	user := srv.Tenant().MailboxIDs()[0]
	now := srv.CalendarClock()
	// A window with nothing in it, far in the past.
	from, to := now.AddDate(-5, 0, 0), now.AddDate(-5, 0, 1)
	items, link, _ := c.round(calendarURL(srv, user, from, to))
	if len(items) != 0 {
		t.Fatalf("an empty window returned %d events", len(items))
	}
	churn := srv.ChurnCalendars(12)
	items, _, _ = c.round(link)
	if len(items) == 0 {
		t.Fatalf("churn %v outside the window: want the changed events as @removed, got nothing", churn)
	}
	for _, it := range items {
		if removed(it) != "deleted" {
			t.Fatalf("an event outside the window came as %v, want @removed deleted", it)
		}
	}
}

func TestCalendarViewDeltaWritesTimesInThePreferredZone(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 10, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 1})
	c := newClient(t, srv)
	user := srv.Tenant().MailboxIDs()[0]
	from, to := calendarWindow(srv)
	utcItems, _, _ := c.round(calendarURL(srv, user, from, to))
	pstItems, _, _ := c.round(calendarURL(srv, user, from, to), `outlook.timezone="Pacific Standard Time"`)
	pst, _ := time.LoadLocation("America/Los_Angeles")
	byID := ids(utcItems)
	for _, it := range pstItems {
		start := it["start"].(map[string]any)
		if start["timeZone"] != "Pacific Standard Time" {
			t.Fatalf("start %v: want the preferred zone", start)
		}
		local, _ := time.ParseInLocation("2006-01-02T15:04:05.0000000", start["dateTime"].(string), pst)
		u := byID[it["id"].(string)]["start"].(map[string]any)
		inUTC, _ := time.Parse("2006-01-02T15:04:05.0000000", u["dateTime"].(string))
		if u["timeZone"] != "UTC" || !local.Equal(inUTC) {
			t.Fatalf("event %s starts %v in Pacific time and %v in UTC", it["id"], start, u)
		}
	}
	if r := c.get(srv.GraphURL() + "/users/" + user + "/calendarView/delta"); r.status != 400 || r.err.Error.Code != "ErrorInvalidParameter" {
		t.Fatalf("no window: status %d %s, want 400 ErrorInvalidParameter", r.status, r.body)
	}
}

func TestCalendarVariants(t *testing.T) {
	cases := []struct {
		name    string
		variant graphtest.Variant
		check   func(t *testing.T, items []map[string]any, pages [][]map[string]any)
	}{
		{"sparse occurrences carry their series and times only", graphtest.SparseOccurrences, func(t *testing.T, items []map[string]any, _ [][]map[string]any) {
			for _, it := range items {
				if it["type"] == "occurrence" {
					got := keys(it)
					sort.Strings(got)
					want := []string{"@odata.etag", "@odata.type", "end", "id", "seriesMasterId", "start", "type"}
					if len(got) != len(want) {
						t.Fatalf("occurrence keys %v, want %v", got, want)
					}
				} else if _, ok := it["subject"]; !ok {
					t.Fatalf("a %s lost its subject: %v", it["type"], it)
				}
			}
		}},
		{"a page never splits a series", graphtest.WholeSeriesPages, func(t *testing.T, _ []map[string]any, pages [][]map[string]any) {
			seen := map[any]int{}
			for i, p := range pages {
				for _, it := range p {
					if m, ok := it["seriesMasterId"]; ok && m != nil {
						if j, ok := seen[m]; ok && j != i {
							t.Fatalf("series %v on pages %d and %d", m, j, i)
						}
						seen[m] = i
					}
				}
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 4, Users: 10, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 1,
				Variants: []graphtest.Variant{tc.variant}, Calendars: graphtest.CalendarOptions{EventsPerCalendar: 30, Start: calendarStart}})
			c := newClient(t, srv)
			user := srv.Tenant().MailboxIDs()[0]
			from, to := calendarWindow(srv)
			var items []map[string]any
			var pages [][]map[string]any
			for link := calendarURL(srv, user, from, to); link != ""; {
				p := c.ok(link, "odata.maxpagesize=5")
				pages, items = append(pages, p.Value), append(items, p.Value...)
				link = p.NextLink
			}
			tc.check(t, items, pages)
		})
	}
}

func TestCalendarSyncStatesExpire(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 10, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 1})
	c := newClient(t, srv)
	user := srv.Tenant().MailboxIDs()[0]
	from, to := calendarWindow(srv)
	_, link, _ := c.round(calendarURL(srv, user, from, to))
	if code := c.admin("POST", "/tokens/expire", map[string]string{"mode": "syncStateNotFound"}, nil); code != 204 {
		t.Fatalf("expire: %d", code)
	}
	if r := c.get(link); r.status != 410 || r.err.Error.Code != "SyncStateNotFound" {
		t.Fatalf("an expired calendar token: status %d %s, want 410 SyncStateNotFound", r.status, r.body)
	}
}

func TestACancelledOccurrenceIsRemovedUnlessSilent(t *testing.T) {
	for _, tc := range []struct {
		name     string
		variants []graphtest.Variant
		reported bool
	}{{"as documented: @removed", nil, true}, {"silent-cancellations: not at all", []graphtest.Variant{graphtest.SilentCancellations}, false}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 10, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 1,
				Variants: tc.variants, Calendars: graphtest.CalendarOptions{EventsPerCalendar: 30, Start: calendarStart}})
			c := newClient(t, srv)
			user := srv.Tenant().MailboxIDs()[0]
			from, to := calendarWindow(srv)
			items, link, _ := c.round(calendarURL(srv, user, from, to))
			var occurrence string
			for _, it := range items {
				if it["type"] == "occurrence" {
					occurrence = it["id"].(string)
				}
			}
			if err := srv.CancelOccurrence(user, occurrence); err != nil {
				t.Fatal(err)
			}
			if _, ok := eventTruth(t, srv, user, from, to)[occurrence]; ok {
				t.Fatal("the cancelled occurrence is still in the truth")
			}
			items, _, _ = c.round(link)
			reported := false
			for _, it := range items {
				if it["id"] == occurrence {
					reported = removed(it) == "deleted"
				}
			}
			if reported != tc.reported {
				t.Fatalf("the cancelled occurrence reported @removed: %v, want %v (the round had %d items)", reported, tc.reported, len(items))
			}
		})
	}
}
