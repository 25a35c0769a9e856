package calendar

import "time"

// Person is someone a calendar names: an organizer or attendee.
type Person struct {
	// Name and Address are the emailAddress's name and address.
	Name, Address string
}

// pattern is a series' recurrence pattern.
type pattern struct {
	kind       string // daily, weekly, absoluteMonthly
	interval   int
	days       []time.Weekday // weekly
	dayOfMonth int            // absoluteMonthly
	// count ends a numbered series; until (a date in the event's zone)
	// ends a dated one.
	count int
	until time.Time
}

// override is an exception: one occurrence moved or edited.
type override struct {
	start   time.Time
	dur     time.Duration
	subject string
	version int
}

// attendee is an event's attendee and their answer.
type attendee struct {
	who      Person
	kind     string // required, optional
	response string // none, accepted, tentativelyAccepted, declined
}

// event is a single event or a series master with its exceptions.
type event struct {
	id, iCalUID string
	subject     string
	location    string
	organizer   Person
	attendees   []attendee
	isOrganizer bool
	allDay      bool
	zone        string    // Windows time zone name the organizer used
	start       time.Time // first start, UTC
	dur         time.Duration
	rec         *pattern             // nil: a single event
	exceptions  map[string]*override // by occurrence key (original start)
	cancelled   map[string]bool      // occurrence keys deleted from the series
	isCancelled bool                 // the organizer cancelled the meeting
	version     int
	created     time.Time
	modified    time.Time
}

// calendar is one mailbox's primary calendar.
type calendar struct {
	user   string
	owner  Person
	events []*event
	byID   map[string]*event
	// changed logs which event changed at which sequence number, for the
	// changes outside a window that Graph reports as @removed.
	changed []change
	seq     int64
}

// change is one entry of a calendar's change log.
type change struct {
	seq int64
	id  string
	// single is whether the event was a single event (its instance id is
	// its own id).
	single bool
}

// touch records a change of e.
func (c *calendar) touch(e *event, now time.Time) {
	c.seq++
	e.version++
	e.modified = now
	c.changed = append(c.changed, change{seq: c.seq, id: e.id, single: e.rec == nil})
}

// add puts a new event in the calendar.
func (c *calendar) add(e *event, now time.Time) {
	c.events = append(c.events, e)
	c.byID[e.id] = e
	c.touch(e, now)
}

// remove deletes an event (a series with all its occurrences).
func (c *calendar) remove(e *event, now time.Time) {
	delete(c.byID, e.id)
	for i, x := range c.events {
		if x == e {
			c.events = append(c.events[:i], c.events[i+1:]...)
			break
		}
	}
	c.touch(e, now)
}
