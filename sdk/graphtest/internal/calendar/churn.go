package calendar

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"
)

// Churn operations, as Churned counts them.
const (
	// OpCreate: a new meeting, all-day event or series.
	OpCreate = "create"
	// OpUpdate: a single event's subject, place or time.
	OpUpdate = "update"
	// OpSeriesEdit: a series' subject or time; every occurrence changes.
	OpSeriesEdit = "series_edit"
	// OpException: one occurrence moved and renamed.
	OpException = "exception"
	// OpCancelOne: one occurrence deleted from its series.
	OpCancelOne = "cancel_one"
	// OpCancel: the organizer cancelled a meeting (isCancelled).
	OpCancel = "cancel"
	// OpDelete: an event or a whole series deleted.
	OpDelete = "delete"
	// OpAttendee: an attendee invited.
	OpAttendee = "attendee"
)

// opKinds is how many kinds churnOne draws from.
const opKinds = 8

// Churned counts the operations a Churn made, by kind.
type Churned map[string]int

// Churn makes ops random changes in the calendar of each of users (their
// calendars are generated first if needed), at the calendars' clock.
func (s *Store) Churn(users []string, ops int, seed int64) Churned {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Churned{}
	h := fnv.New64a()
	_, _ = h.Write([]byte(s.now.String()))
	rng := rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
	for _, u := range users {
		c := s.calendarOf(u)
		g := s.generator(u)
		g.rng = rng
		for range ops {
			out[s.churnOne(c, g, rng)]++
		}
	}
	return out
}

// churnOne makes one change in c and names it.
func (s *Store) churnOne(c *calendar, g *gen, rng *rand.Rand) string {
	if len(c.events) == 0 {
		c.add(g.event(c), s.now)
		return OpCreate
	}
	e := c.events[rng.IntN(len(c.events))]
	switch op := rng.IntN(opKinds); {
	case op == 0:
		n := g.event(c)
		n.created = s.now
		c.add(n, s.now)
		return OpCreate
	case op == 1 && e.rec == nil:
		switch rng.IntN(3) {
		case 0:
			e.subject = topics[rng.IntN(len(topics))] + " (updated)"
		case 1:
			e.location = rooms[rng.IntN(len(rooms))]
		default:
			e.start = e.start.Add(time.Duration(rng.IntN(96)-48) * time.Hour)
		}
		c.touch(e, s.now)
		return OpUpdate
	case op == 2 && e.rec != nil:
		if rng.IntN(2) == 0 {
			e.subject = topics[rng.IntN(len(topics))] + " (series)"
		} else {
			e.start = e.start.Add(30 * time.Minute)
			e.exceptions, e.cancelled = map[string]*override{}, map[string]bool{} // Outlook drops them on a time change
		}
		c.touch(e, s.now)
		return OpSeriesEdit
	case (op == 3 || op == 4) && e.rec != nil:
		var starts []time.Time
		e.each(s.now.AddDate(2, 0, 0), func(t time.Time) { starts = append(starts, t) })
		if len(starts) == 0 {
			break
		}
		key := occurrenceKey(starts[rng.IntN(len(starts))])
		c.touch(e, s.now)
		if op == 4 {
			delete(e.exceptions, key)
			e.cancelled[key] = true
			return OpCancelOne
		}
		t, _ := time.Parse("20060102T150405Z", key)
		e.exceptions[key] = &override{start: t.Add(time.Duration(1+rng.IntN(3)) * time.Hour), dur: e.dur, subject: e.subject + " (moved)", version: e.version}
		return OpException
	case op == 5 && !e.isOrganizer && !e.isCancelled:
		e.isCancelled = true
		e.subject = "Canceled: " + e.subject
		c.touch(e, s.now)
		return OpCancel
	case op == 6:
		c.remove(e, s.now)
		return OpDelete
	case op == 7 && len(g.people) > 0:
		p := g.people[rng.IntN(len(g.people))]
		e.attendees = append(e.attendees, attendee{who: p, kind: "required", response: responses[rng.IntN(len(responses))]})
		c.touch(e, s.now)
		return OpAttendee
	}
	n := g.event(c)
	n.created = s.now
	c.add(n, s.now)
	return OpCreate
}

// cancelledOccurrence reports whether id is an occurrence cancelled from
// a series that still exists.
func (c *calendar) cancelledOccurrence(id string) bool {
	master, key, ok := splitOccurrence(id)
	e := c.byID[master]
	return ok && e != nil && e.cancelled[key]
}

// splitOccurrence reads an occurrence id: its series' id and its key.
func splitOccurrence(id string) (master, key string, ok bool) {
	i := strings.LastIndex(id, "_")
	if i < 0 {
		return "", "", false
	}
	return id[:i], id[i+1:], true
}

// CancelOccurrence deletes one occurrence (by its id) from its series in
// user's calendar, at the calendars' clock.
func (s *Store) CancelOccurrence(user, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calendarOf(user)
	master, key, ok := splitOccurrence(id)
	e := c.byID[master]
	if !ok || e == nil || e.rec == nil {
		return fmt.Errorf("%w: %s is not an occurrence of a series of %s", ErrNotFound, id, user)
	}
	delete(e.exceptions, key)
	e.cancelled[key] = true
	c.touch(e, s.now)
	return nil
}

// ErrNotFound is the error of an unknown event.
var ErrNotFound = errors.New("not found")
