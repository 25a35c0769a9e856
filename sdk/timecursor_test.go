package sdk_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func TestTimeCursorEncodeRoundTrips(t *testing.T) {
	tests := []struct {
		name   string
		events int
	}{
		{"empty", 0},
		{"one event", 1},
		{"many events", 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sdk.NewTimeCursor(t0.Add(1500 * time.Millisecond))
			for i := range tt.events {
				c.Record(fmt.Sprintf("event-%d", i), t0.Add(time.Duration(i)*time.Second+123*time.Millisecond))
			}
			text := c.Encode()
			got, err := sdk.ParseTimeCursor(text)
			if err != nil {
				t.Fatal(err)
			}
			if !got.From.Equal(t0.Add(time.Second)) || !got.High.Equal(c.High) || got.Len() != tt.events {
				t.Fatalf("parsed From %v High %v Len %d, want %v %v %d", got.From, got.High, got.Len(), t0.Add(time.Second), c.High, tt.events)
			}
			for i := range tt.events {
				if !got.Seen(fmt.Sprintf("event-%d", i)) {
					t.Fatalf("event-%d forgotten", i)
				}
			}
			if got.Seen("other") {
				t.Fatal("an event never recorded is seen")
			}
			if again := got.Encode(); again != text {
				t.Fatal("encoding is not stable")
			}
		})
	}
}

func TestParseTimeCursorRefusesOtherText(t *testing.T) {
	good := sdk.NewTimeCursor(t0)
	good.Record("a", t0.Add(time.Minute))
	text := good.Encode()
	tests := []struct{ name, text string }{
		{"a deltaLink", "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc"},
		{"empty", ""},
		{"truncated", text[:len(text)-3]},
		{"not base64", "timecursor:v1:!!!"},
		{"bytes left over", text + "AAAA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := sdk.ParseTimeCursor(tt.text); !errors.Is(err, sdk.ErrNotTimeCursor) {
				t.Fatalf("err = %v, want ErrNotTimeCursor", err)
			}
		})
	}
}

func TestTimeCursorAdvance(t *testing.T) {
	tests := []struct {
		name     string
		from     time.Time
		events   []time.Duration // after t0
		overlap  time.Duration
		wantFrom time.Time
		wantLen  int
	}{
		{"no events keeps From", t0, nil, 10 * time.Minute, t0, 0},
		{"From is High minus the overlap, in whole seconds", t0, []time.Duration{time.Hour + 1500*time.Millisecond},
			10 * time.Minute, t0.Add(50*time.Minute + time.Second), 1},
		{"events before the new From are forgotten", t0, []time.Duration{time.Minute, 55 * time.Minute, time.Hour},
			10 * time.Minute, t0.Add(50 * time.Minute), 2},
		{"From never moves back", t0.Add(2 * time.Hour), []time.Duration{2*time.Hour + time.Minute},
			time.Hour, t0.Add(2 * time.Hour), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sdk.NewTimeCursor(tt.from)
			for i, d := range tt.events {
				c.Record(fmt.Sprint(i), t0.Add(d))
			}
			c.Advance(tt.overlap)
			if !c.From.Equal(tt.wantFrom) || c.Len() != tt.wantLen {
				t.Fatalf("From %v Len %d, want %v %d", c.From, c.Len(), tt.wantFrom, tt.wantLen)
			}
		})
	}
}

func TestTimeCursorRecordSkipsSeenEvents(t *testing.T) {
	c := sdk.NewTimeCursor(t0)
	if !c.Record("a", t0.Add(time.Minute)) || c.Record("a", t0.Add(time.Minute)) {
		t.Fatal("Record of a new event, then of the same one, want true then false")
	}
	c.Advance(time.Hour)
	c, err := sdk.ParseTimeCursor(c.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if c.Record("a", t0.Add(time.Minute)) {
		t.Fatal("an event of the overlap window recorded again after a round")
	}
}

// logEvent is an event of a simulated log: its time and when Graph shows
// it.
type logEvent struct {
	id          string
	at, visible time.Time
}

// TestTimeCursorRoundsRecordEachEventOnce simulates a log whose events
// show up late and rounds that read it by the cursor's rule (newest
// first, from From), some of them failing part way: every event whose
// lateness is within the overlap is recorded exactly once.
func TestTimeCursorRoundsRecordEachEventOnce(t *testing.T) {
	tests := []struct {
		name             string
		maxDelay         time.Duration
		overlap          time.Duration
		failEvery        int // every Nth round stops after a few events
		wantLostPossible bool
	}{
		{"delays within the overlap", 5 * time.Minute, 10 * time.Minute, 0, false},
		{"delays within the overlap, rounds failing part way", 5 * time.Minute, 10 * time.Minute, 3, false},
		{"delays equal to the overlap", 10 * time.Minute, 10 * time.Minute, 2, false},
		{"no overlap loses late events", 5 * time.Minute, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			var events []logEvent
			for i := range 3000 {
				at := t0.Add(time.Duration(rng.Int64N(int64(6 * time.Hour))))
				delay := time.Duration(rng.Int64N(int64(tt.maxDelay) + 1))
				events = append(events, logEvent{id: fmt.Sprint("e", i), at: at, visible: at.Add(delay)})
			}
			recorded := map[string]int{}
			cursor := sdk.NewTimeCursor(t0.Add(-time.Hour)).Encode()
			round := 0
			for now := t0; now.Before(t0.Add(7 * time.Hour)); now = now.Add(time.Duration(1+rng.IntN(9)) * time.Minute) {
				round++
				c, err := sdk.ParseTimeCursor(cursor)
				if err != nil {
					t.Fatal(err)
				}
				page := visibleSince(events, c.From, now)
				stopAt := len(page)
				if tt.failEvery > 0 && round%tt.failEvery == 0 && len(page) > 0 {
					stopAt = rng.IntN(len(page))
				}
				var written int
				for _, e := range page[:stopAt] {
					if c.Record(e.id, e.at) {
						recorded[e.id]++
						written++
					}
				}
				switch {
				case stopAt == len(page):
					c.Advance(tt.overlap)
				case written == 0:
					continue // a failed stream: the stored cursor stays
				}
				cursor = c.Encode()
			}
			var lost int
			for _, e := range events {
				switch n := recorded[e.id]; {
				case n > 1:
					t.Fatalf("event %s recorded %d times", e.id, n)
				case n == 0:
					lost++
				}
			}
			if lost > 0 && !tt.wantLostPossible {
				t.Fatalf("%d of %d events never recorded", lost, len(events))
			}
			if lost == 0 && tt.wantLostPossible {
				t.Fatal("no event lost without an overlap: the simulation does not show late events")
			}
		})
	}
}

// visibleSince lists the events Graph shows at now from from on, newest
// first, as Graph orders sign-ins and audits.
func visibleSince(events []logEvent, from, now time.Time) []logEvent {
	var out []logEvent
	for _, e := range events {
		if !e.at.Before(from) && !e.visible.After(now) {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].at.Equal(out[j].at) {
			return out[i].at.After(out[j].at)
		}
		return strings.Compare(out[i].id, out[j].id) > 0
	})
	return out
}
