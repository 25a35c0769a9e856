package calendar

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"time"
)

// gen draws events.
type gen struct {
	rng    *rand.Rand
	now    time.Time
	people []Person
	serial *int64
}

var (
	topics = []string{"Standup", "Planning", "Design review", "1:1", "Customer call", "Budget", "Retrospective",
		"Hiring panel", "Roadmap", "Security review", "All hands", "Lunch", "Training", "Vendor sync", "Offsite prep"}
	rooms     = []string{"Room 1", "Room 2", "Boardroom", "Teams", "Cafeteria", "Building 4 / 201", ""}
	responses = []string{"none", "accepted", "tentativelyAccepted", "declined"}
)

// id draws a new Outlook-looking id.
func (g *gen) id() string {
	*g.serial++
	b := make([]byte, 30)
	for i := range b {
		b[i] = byte(g.rng.Uint32())
	}
	return "AAMkAGE" + base64.RawURLEncoding.EncodeToString(b) + fmt.Sprintf("%06d", *g.serial)
}

// created is a creation time a while before now.
func (g *gen) created() time.Time {
	return g.now.Add(-time.Duration(g.rng.Int64N(int64(200 * 24 * time.Hour)))).Truncate(time.Second)
}

// event draws a single meeting, an all-day event or a series of c.
func (g *gen) event(c *calendar) *event {
	zone := zoneNames[g.rng.IntN(len(zoneNames))]
	loc := mustZone(zone)
	day := g.now.In(loc).AddDate(0, 0, g.rng.IntN(500)-150)
	e := &event{id: g.id(), subject: topics[g.rng.IntN(len(topics))], location: rooms[g.rng.IntN(len(rooms))], zone: zone,
		organizer: c.owner, isOrganizer: true, exceptions: map[string]*override{}, cancelled: map[string]bool{}}
	e.iCalUID = "040000008200E00074C5B7101A82E008" + fmt.Sprintf("%032x", g.rng.Uint64())
	e.created = g.created()
	if e.created.After(g.now) {
		e.created = g.now
	}
	if len(g.people) > 0 && g.rng.IntN(3) == 0 {
		e.organizer, e.isOrganizer = g.people[g.rng.IntN(len(g.people))], false
	}
	for range g.rng.IntN(5) {
		if len(g.people) == 0 {
			break
		}
		p := g.people[g.rng.IntN(len(g.people))]
		e.attendees = append(e.attendees, attendee{who: p, kind: []string{"required", "optional"}[g.rng.IntN(2)], response: responses[g.rng.IntN(len(responses))]})
	}
	switch k := g.rng.IntN(10); {
	case k < 2: // all day, in UTC days as Outlook stores them for the view
		e.allDay, e.zone, e.location = true, "UTC", ""
		e.start = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		e.dur = time.Duration(1+g.rng.IntN(3)) * 24 * time.Hour
	default:
		e.start = time.Date(day.Year(), day.Month(), day.Day(), 8+g.rng.IntN(9), 30*g.rng.IntN(2), 0, 0, loc).UTC()
		e.dur = time.Duration(1+g.rng.IntN(4)) * 30 * time.Minute
		if k >= 6 {
			g.recur(e)
		}
	}
	return e
}

// recur makes e a daily, weekly or monthly series with an exception and a
// cancelled occurrence or two.
func (g *gen) recur(e *event) {
	switch g.rng.IntN(3) {
	case 0:
		e.rec = &pattern{kind: "daily", interval: 1 + g.rng.IntN(2), count: 5 + g.rng.IntN(30)}
	case 1:
		days := []time.Weekday{e.start.In(mustZone(e.zone)).Weekday()}
		if g.rng.IntN(2) == 0 {
			days = append(days, (days[0]+2)%7)
		}
		sortDays(days)
		e.rec = &pattern{kind: "weekly", interval: 1 + g.rng.IntN(2), days: days, until: e.start.AddDate(0, 3+g.rng.IntN(9), 0)}
	default:
		d := e.start.In(mustZone(e.zone)).Day()
		if d > 28 {
			e.start = e.start.AddDate(0, 0, 28-d)
			d = 28
		}
		e.rec = &pattern{kind: "absoluteMonthly", interval: 1, dayOfMonth: d, count: 6 + g.rng.IntN(12)}
	}
	// The first occurrence is the series' start.
	var starts []time.Time
	e.each(e.start.AddDate(2, 0, 0), func(t time.Time) { starts = append(starts, t) })
	if len(starts) > 0 {
		e.start = starts[0]
	}
	for range g.rng.IntN(3) {
		if len(starts) < 3 {
			break
		}
		t := starts[g.rng.IntN(len(starts))]
		if g.rng.IntN(2) == 0 {
			e.cancelled[occurrenceKey(t)] = true
		} else {
			e.exceptions[occurrenceKey(t)] = &override{start: t.Add(time.Hour), dur: e.dur, subject: e.subject + " (moved)", version: 1}
		}
	}
}

func sortDays(days []time.Weekday) {
	if len(days) == 2 && days[1] < days[0] {
		days[0], days[1] = days[1], days[0]
	}
}
