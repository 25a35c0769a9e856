package graphtest

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/calendar"
)

// CalendarOptions configures the mailboxes' calendars, served at
// GET /v1.0/users/{id}/calendarView/delta (truth table events, for a
// window: Server.WriteEventState, GET /_admin/state/events?startDateTime=
// …&endDateTime=…). Each mailbox's calendar is generated when first read:
// single meetings, all-day events and daily, weekly and monthly series
// with exceptions and cancelled occurrences, organised by the mailbox's
// user or by another user of the tenant, with attendees from the tenant,
// in several time zones. The calendars run on a clock of their own that
// moves only when a test advances it (Server.AdvanceCalendars, POST
// /_admin/calendars/advance); churn (Server.ChurnCalendars, POST
// /_admin/calendars/churn) happens at that clock.
type CalendarOptions struct {
	// EventsPerCalendar is how many events or series a calendar holds at
	// first (default 12).
	EventsPerCalendar int
	// Start is the calendars' clock at first (default the server's start,
	// to the second).
	Start time.Time
	// PageSize is the page size without odata.maxpagesize (default 10,
	// Outlook's).
	PageSize int
	// MaxSyncStates is how many delta and skip tokens the emulator keeps;
	// past it the least recently used answer 410 SyncStateNotFound, as
	// Outlook's sync state cache evicts them (default 20,000).
	MaxSyncStates int
}

// newCalendars builds the calendar store; owners and meeting guests are
// the tenant's users.
func (s *Server) newCalendars(start time.Time) *calendar.Store {
	o := s.opts.Calendars
	if !o.Start.IsZero() {
		start = o.Start
	}
	return calendar.New(calendar.Options{Seed: s.opts.Seed, Start: start, EventsPerCalendar: o.EventsPerCalendar,
		PageSize: o.PageSize, MaxTokens: o.MaxSyncStates, SparseOccurrences: s.opts.Has(SparseOccurrences),
		WholeSeriesPages: s.opts.Has(WholeSeriesPages), SilentCancellations: s.opts.Has(SilentCancellations), Owner: s.calendarOwner, People: s.calendarPeople})
}

// calendarOwner names a mailbox's user.
func (s *Server) calendarOwner(user string) (calendar.Person, bool) {
	for _, p := range s.people() {
		if p.ID == user {
			return calendar.Person{Name: p.DisplayName, Address: p.UserPrincipalName}, true
		}
	}
	return calendar.Person{}, false
}

// calendarPeople lists the tenant's users a meeting may invite.
func (s *Server) calendarPeople() []calendar.Person {
	var out []calendar.Person
	for _, p := range s.people() {
		out = append(out, calendar.Person{Name: p.DisplayName, Address: p.UserPrincipalName})
	}
	return out
}

// AdvanceCalendars moves the calendars' clock by d and returns it.
func (s *Server) AdvanceCalendars(d time.Duration) time.Time { return s.calendars.Advance(d) }

// CalendarClock is the calendars' clock.
func (s *Server) CalendarClock() time.Time { return s.calendars.Now() }

// CalendarChurn counts the changes ChurnCalendars made, by kind: create,
// update, series_edit, exception, cancel_one, cancel, delete, attendee.
type CalendarChurn = calendar.Churned

// ChurnCalendars makes ops random changes in the calendar of every
// mailbox, at the calendars' clock: new meetings and series, updates,
// series edits that move or rename every occurrence, exceptions,
// cancelled occurrences and meetings, deletions, attendees.
func (s *Server) ChurnCalendars(ops int) CalendarChurn {
	return s.calendars.Churn(s.mailboxUsers(), ops, s.opts.Seed)
}

// CancelOccurrence deletes one occurrence, by its id, from its series in
// user's calendar, at the calendars' clock (as Outlook's "delete this
// occurrence" does).
func (s *Server) CancelOccurrence(user, id string) error {
	if err := s.calendars.CancelOccurrence(user, id); err != nil {
		return fmt.Errorf("cancel occurrence: %w", err)
	}
	return nil
}

// mailboxUsers lists the live users with a mailbox.
func (s *Server) mailboxUsers() []string {
	s.tenant.RLock()
	defer s.tenant.RUnlock()
	var out []string
	for _, id := range s.tenant.MailboxIDs() {
		if _, live := s.tenant.ResolveUser(id); live {
			out = append(out, id)
		}
	}
	return out
}

// WriteEventState writes the truth of the events table for the window
// [from, to): every single event, occurrence and exception of every
// mailbox's calendar that overlaps it, as calendarView/delta returns it
// (times in UTC), with userId, one JSON object a line.
func (s *Server) WriteEventState(w io.Writer, from, to time.Time) error {
	return s.calendars.WriteState(w, s.mailboxUsers(), from, to)
}

// EventState is WriteEventState decoded: one map per row.
func (s *Server) EventState(from, to time.Time) ([]map[string]any, error) {
	var b strings.Builder
	if err := s.WriteEventState(&b, from, to); err != nil {
		return nil, err
	}
	var rows []map[string]any
	for dec := json.NewDecoder(strings.NewReader(b.String())); dec.More(); {
		var row map[string]any
		if err := dec.Decode(&row); err != nil {
			return nil, fmt.Errorf("decode events truth: %w", err)
		}
		rows = append(rows, row)
	}
	return rows, nil
}
