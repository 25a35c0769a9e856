package calendar

import (
	"time"
)

// Instance types, as Graph's event.type names them.
const (
	typeSingle     = "singleInstance"
	typeOccurrence = "occurrence"
	typeException  = "exception"
	typeMaster     = "seriesMaster"
)

// instance is what a calendar view lists: a single event, or one
// occurrence or exception of a series.
type instance struct {
	id         string
	ev         *event
	typ        string
	start, end time.Time
	ov         *override
}

// maxOccurrences bounds a series' expansion (Outlook caps numbered series
// at 999 occurrences).
const maxOccurrences = 999

// occurrenceID is the id of the occurrence of e that starts at original.
func occurrenceID(e *event, original time.Time) string {
	return e.id + "_" + original.UTC().Format("20060102T150405Z")
}

// occurrenceKey keys exceptions and cancellations.
func occurrenceKey(original time.Time) string { return original.UTC().Format("20060102T150405Z") }

// instances lists the instances of the calendar that overlap [from, to),
// as calendarView does.
func (c *calendar) instances(from, to time.Time) []instance {
	var out []instance
	overlaps := func(s, e time.Time) bool { return s.Before(to) && e.After(from) }
	for _, e := range c.events {
		if e.rec == nil {
			if overlaps(e.start, e.start.Add(e.dur)) {
				out = append(out, instance{id: e.id, ev: e, typ: typeSingle, start: e.start, end: e.start.Add(e.dur)})
			}
			continue
		}
		e.each(to, func(original time.Time) {
			key := occurrenceKey(original)
			if e.cancelled[key] {
				return
			}
			in := instance{id: occurrenceID(e, original), ev: e, typ: typeOccurrence, start: original, end: original.Add(e.dur)}
			if ov := e.exceptions[key]; ov != nil {
				in.typ, in.ov, in.start, in.end = typeException, ov, ov.start, ov.start.Add(ov.dur)
			}
			if overlaps(in.start, in.end) {
				out = append(out, in)
			}
		})
	}
	return out
}

// each calls fn with the original start of every occurrence of a series
// that starts before limit (an exception may move one later; the few that
// move past limit are left out, as they lie outside most windows).
func (e *event) each(limit time.Time, fn func(original time.Time)) {
	loc := mustZone(e.zone)
	first := e.start.In(loc)
	hour, min, sec := first.Clock()
	at := func(d time.Time) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), hour, min, sec, 0, loc).UTC()
	}
	p := e.rec
	n := 0
	emit := func(t time.Time) bool {
		if n >= maxOccurrences || (p.count > 0 && n >= p.count) || !t.Before(limit.Add(e.dur)) {
			return false
		}
		if !p.until.IsZero() && t.In(loc).After(p.until.In(loc).AddDate(0, 0, 1)) {
			return false
		}
		n++
		fn(t)
		return true
	}
	switch p.kind {
	case "daily":
		for d := first; emit(at(d)); d = d.AddDate(0, 0, p.interval) {
		}
	case "weekly":
		week := first.AddDate(0, 0, -int(first.Weekday()))
		for {
			for _, wd := range p.days {
				d := week.AddDate(0, 0, int(wd))
				if at(d).Before(e.start) {
					continue
				}
				if !emit(at(d)) {
					return
				}
			}
			week = week.AddDate(0, 0, 7*p.interval)
		}
	case "absoluteMonthly":
		for m := 0; ; m += p.interval {
			d := time.Date(first.Year(), first.Month()+time.Month(m), p.dayOfMonth, 0, 0, 0, 0, loc)
			if d.Day() != p.dayOfMonth {
				continue // a month without that day
			}
			if !emit(at(d)) {
				return
			}
		}
	}
}
