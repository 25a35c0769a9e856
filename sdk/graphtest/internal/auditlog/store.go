package auditlog

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"sync"
	"time"
)

// Kind is one log: its path segment, table and time property.
type Kind struct {
	// Segment is the path segment after auditLogs/, e.g. "signIns".
	Segment string
	// Table is the truth table's name, e.g. "sign_ins".
	Table string
	// TimeProperty is the event time, e.g. "createdDateTime".
	TimeProperty string
	// Type is Graph's type name, e.g. "signIn".
	Type string
}

// The logs.
var (
	SignIns = Kind{Segment: "signIns", Table: "sign_ins", TimeProperty: "createdDateTime", Type: "signIn"}
	Audits  = Kind{Segment: "directoryAudits", Table: "directory_audits", TimeProperty: "activityDateTime", Type: "directoryAudit"}
)

// Kinds lists the logs.
func Kinds() []Kind { return []Kind{SignIns, Audits} }

// Options configures the logs.
type Options struct {
	// Seed makes the events reproducible.
	Seed int64
	// Start is the log clock's first reading.
	Start time.Time
	// History is how much of the log exists before Start.
	History time.Duration
	// SignInsPerHour and AuditsPerHour are the generated rates.
	SignInsPerHour, AuditsPerHour int
	// MaxDelay is the most an event shows up after its time; each event's
	// delay is drawn between 0 and it.
	MaxDelay time.Duration
	// LateShare is the share of events delayed between MaxDelay and
	// LateDelay instead (0: none).
	LateShare float64
	LateDelay time.Duration
	// Retention is how long events are listed (Graph: 30 days).
	Retention time.Duration
	// Domain is the tenant's domain, for principal names.
	Domain string
	// PageSize is the default and largest $top.
	PageSize int
	// People, when set, lists the users events name (the tenant's); an
	// empty list falls back to generated ones.
	People func() []Person
}

// Person is a user an event names.
type Person struct {
	ID, DisplayName, UserPrincipalName string
}

// event is one generated event.
type event struct {
	id      string
	at      time.Time
	visible time.Time
	raw     json.RawMessage
}

// Store holds the events of both logs and their clock.
type Store struct {
	mu     sync.Mutex
	opts   Options
	rng    *rand.Rand
	now    time.Time
	logs   map[string][]event // by table, sorted by time then id
	serial int
	people []Person // the users events name, read at each Advance
}

// New generates the logs' history up to opts.Start.
func New(opts Options) *Store {
	s := &Store{opts: opts, rng: rand.New(rand.NewPCG(uint64(opts.Seed), 0x6c6f6773)), logs: map[string][]event{},
		now: opts.Start.Add(-opts.History)}
	s.Advance(opts.History)
	return s
}

// Now is the log clock.
func (s *Store) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// Advanced says what an Advance did.
type Advanced struct {
	// Now is the log clock after it.
	Now time.Time `json:"now"`
	// Generated counts the new events by table (visible or not yet).
	Generated map[string]int `json:"generated"`
	// Visible counts the events visible by table.
	Visible map[string]int `json:"visible"`
}

// Advance moves the clock by d, generating the events of that time at
// the configured rates; each shows up after its own delay.
func (s *Store) Advance(d time.Duration) Advanced {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Advanced{Generated: map[string]int{}, Visible: map[string]int{}}
	if d > 0 && s.opts.People != nil {
		s.people = s.opts.People()
	}
	if d > 0 {
		for _, k := range Kinds() {
			rate := s.opts.SignInsPerHour
			if k == Audits {
				rate = s.opts.AuditsPerHour
			}
			n := int(float64(rate) * d.Hours())
			for range n {
				// Graph writes event times to 100 ns.
				at := s.now.Add(time.Duration(s.rng.Int64N(int64(d)))).Truncate(100 * time.Nanosecond)
				s.add(k, at)
			}
			out.Generated[k.Table] = n
		}
		s.now = s.now.Add(d)
	}
	for _, k := range Kinds() {
		sortEvents(s.logs[k.Table])
		out.Visible[k.Table] = len(s.visible(k))
	}
	out.Now = s.now
	return out
}

// add generates one event of kind k at time at.
func (s *Store) add(k Kind, at time.Time) {
	s.serial++
	var delay time.Duration
	if s.opts.MaxDelay > 0 {
		delay = time.Duration(s.rng.Int64N(int64(s.opts.MaxDelay) + 1))
	}
	if s.opts.LateShare > 0 && s.opts.LateDelay > s.opts.MaxDelay && s.rng.Float64() < s.opts.LateShare {
		delay = s.opts.MaxDelay + time.Duration(s.rng.Int64N(int64(s.opts.LateDelay-s.opts.MaxDelay)+1))
	}
	g := generator{rng: s.rng, domain: s.opts.Domain, serial: s.serial, people: s.people}
	id, body := g.event(k, at)
	s.logs[k.Table] = append(s.logs[k.Table], event{id: id, at: at, visible: at.Add(delay), raw: body})
}

// visible lists the events of k Graph shows now, oldest first.
func (s *Store) visible(k Kind) []event {
	var out []event
	oldest := s.now.Add(-s.opts.Retention)
	for _, e := range s.logs[k.Table] {
		if !e.visible.After(s.now) && (s.opts.Retention <= 0 || !e.at.Before(oldest)) {
			out = append(out, e)
		}
	}
	return out
}

// WriteState writes the truth of a log: every event visible so far, oldest
// first, one JSON object a line. ok is false for a table that is not a log.
func (s *Store) WriteState(w io.Writer, table string) (ok bool, err error) {
	for _, k := range Kinds() {
		if k.Table != table {
			continue
		}
		s.mu.Lock()
		events := s.visible(k)
		s.mu.Unlock()
		for _, e := range events {
			if _, err := fmt.Fprintf(w, "%s\n", e.raw); err != nil {
				return true, fmt.Errorf("write %s truth: %w", table, err)
			}
		}
		return true, nil
	}
	return false, nil
}

// sortEvents orders events by time, then id.
func sortEvents(events []event) {
	sort.SliceStable(events, func(i, j int) bool { return before(events[i], events[j]) })
}

// before is the log's ascending order: time, then id.
func before(a, b event) bool {
	if !a.at.Equal(b.at) {
		return a.at.Before(b.at)
	}
	return a.id < b.id
}
