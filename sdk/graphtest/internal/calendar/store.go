package calendar

import (
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"sync"
	"time"
)

// Options configures the calendars.
type Options struct {
	// Seed makes the calendars reproducible.
	Seed int64
	// Start is the calendars' clock at first (their "now").
	Start time.Time
	// EventsPerCalendar is how many events (single or series) a new
	// calendar holds.
	EventsPerCalendar int
	// PageSize is the default page size, MaxPageSize the largest
	// odata.maxpagesize honoured.
	PageSize, MaxPageSize int
	// MaxTokens is how many sync states the store keeps; past it the
	// oldest are evicted and answer 410 SyncStateNotFound, as Outlook's
	// cache does.
	MaxTokens int
	// SparseOccurrences returns occurrences in delta rounds as their id,
	// series, type and times only.
	SparseOccurrences bool
	// WholeSeriesPages never splits a series' instances across pages: a
	// page may hold more than odata.maxpagesize items.
	WholeSeriesPages bool
	// SilentCancellations leaves a cancelled occurrence of a series out of
	// an incremental round instead of reporting it @removed.
	SilentCancellations bool
	// Owner describes a mailbox's user (nil: generated names); People
	// lists the tenant's users that meetings invite.
	Owner  func(user string) (Person, bool)
	People func() []Person
}

// Store holds every mailbox's calendar, the clock and the sync states.
type Store struct {
	mu     sync.Mutex
	opts   Options
	now    time.Time
	cals   map[string]*calendar
	serial int64
	tokens *tokens
}

// New returns an empty store; calendars are generated when first used.
func New(opts Options) *Store {
	if opts.EventsPerCalendar <= 0 {
		opts.EventsPerCalendar = 12
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 10
	}
	if opts.MaxPageSize <= 0 {
		opts.MaxPageSize = 1000
	}
	if opts.MaxTokens <= 0 {
		opts.MaxTokens = 20000
	}
	return &Store{opts: opts, now: opts.Start.UTC().Truncate(time.Second), cals: map[string]*calendar{}, tokens: newTokens(opts.MaxTokens)}
}

// Now is the calendars' clock.
func (s *Store) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// Advance moves the clock by d.
func (s *Store) Advance(d time.Duration) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = s.now.Add(d)
	return s.now
}

// calendarOf returns user's calendar, generating it on first use. The
// caller holds s.mu.
func (s *Store) calendarOf(user string) *calendar {
	if c := s.cals[user]; c != nil {
		return c
	}
	owner, ok := Person{}, false
	if s.opts.Owner != nil {
		owner, ok = s.opts.Owner(user)
	}
	if !ok {
		owner = Person{Name: "User " + user[:min(8, len(user))], Address: user + "@contoso.onmicrosoft.com"}
	}
	c := &calendar{user: user, owner: owner, byID: map[string]*event{}}
	g := s.generator(user)
	for range s.opts.EventsPerCalendar {
		c.add(g.event(c), g.created())
	}
	s.cals[user] = c
	return c
}

// generator draws a calendar's events, reproducibly per user and seed.
func (s *Store) generator(user string) *gen {
	h := fnv.New64a()
	_, _ = h.Write([]byte(user))
	var people []Person
	if s.opts.People != nil {
		people = s.opts.People()
	}
	return &gen{rng: rand.New(rand.NewPCG(uint64(s.opts.Seed), h.Sum64())), now: s.now, people: people, serial: &s.serial}
}

// Users lists the calendars generated so far, sorted.
func (s *Store) Users() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.cals))
	for u := range s.cals {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}
