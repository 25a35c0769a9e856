package sdk

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// TimeCursor is where a log stream (a Graph collection of events with no
// delta query, such as /auditLogs/signIns) resumes: the next round asks
// for the events at or after From, and Seen holds every event already
// recorded at or after From, so that none is recorded twice.
//
// The rule (see Advance): after a complete round, From becomes the newest
// event time recorded (High) minus the overlap window, in whole seconds,
// and never moves back. An event Graph shows late (after newer ones were
// read) is still read if its lateness is within the overlap; one later
// than that is lost. Graph lists the newest events first, so a round that
// lasts long does not widen the gap: an event not yet visible when the
// first page was read is newer than High minus its delay.
//
// The cursor travels in the stream checkpoint's DeltaLink (see Encode),
// which the host seals at rest like a deltaLink and never prints.
type TimeCursor struct {
	// From is the lower bound of the next round's $filter (inclusive), in
	// whole seconds, UTC.
	From time.Time
	// High is the newest event time recorded so far; zero before the
	// first event.
	High time.Time

	// seen maps the hash of each recorded event's id (see idHash) to its
	// time in Unix milliseconds; every entry is at or after From.
	seen map[uint64]int64
}

// timeCursorPrefix starts an encoded cursor, with its format version.
const timeCursorPrefix = "timecursor:v1:"

// NewTimeCursor returns the cursor of a stream's first round: events at
// or after from (truncated to whole seconds), none seen.
func NewTimeCursor(from time.Time) TimeCursor {
	return TimeCursor{From: from.UTC().Truncate(time.Second), seen: map[uint64]int64{}}
}

// Len is the number of events the cursor remembers (those at or after
// From).
func (c TimeCursor) Len() int { return len(c.seen) }

// Seen reports whether the event id was recorded.
func (c TimeCursor) Seen(id string) bool {
	_, ok := c.seen[idHash(id)]
	return ok
}

// Record notes the event id of time at and reports whether it is new:
// false means it was recorded before (in this round or an earlier one)
// and must not be written again.
func (c *TimeCursor) Record(id string, at time.Time) bool {
	if c.seen == nil {
		c.seen = map[uint64]int64{}
	}
	h := idHash(id)
	if _, ok := c.seen[h]; ok {
		return false
	}
	c.seen[h] = at.UnixMilli()
	if at.After(c.High) {
		c.High = at.UTC()
	}
	return true
}

// Advance ends a complete round: From moves to High minus overlap
// (whole seconds, never back), and the events before the new From are
// forgotten, since no later round asks for them. A round that failed part
// way must not call it: its cursor keeps From and remembers what it
// recorded, so the next round reads the rest and skips what the lake has.
func (c *TimeCursor) Advance(overlap time.Duration) {
	if c.High.IsZero() {
		return
	}
	if from := c.High.Add(-overlap).Truncate(time.Second); from.After(c.From) {
		c.From = from
	}
	low := c.From.UnixMilli()
	for h, at := range c.seen {
		if at < low {
			delete(c.seen, h)
		}
	}
}

// Encode writes the cursor as the text a checkpoint carries in DeltaLink:
// a prefix, then base64url of From, High and the seen events (each an
// 8-byte id hash and its time after From), sorted. Like a deltaLink it
// must not be printed.
func (c TimeCursor) Encode() string {
	type entry struct {
		hash uint64
		at   int64
	}
	entries := make([]entry, 0, len(c.seen))
	for h, at := range c.seen {
		entries = append(entries, entry{h, at})
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].at != entries[j].at {
			return entries[i].at < entries[j].at
		}
		return entries[i].hash < entries[j].hash
	})
	var b bytes.Buffer
	buf := make([]byte, binary.MaxVarintLen64)
	put := func(v int64) { b.Write(buf[:binary.PutVarint(buf, v)]) }
	high := int64(0)
	if !c.High.IsZero() {
		high = c.High.UnixMilli()
	}
	put(c.From.Unix())
	put(high)
	put(int64(len(entries)))
	from, prev := c.From.UnixMilli(), int64(0)
	for _, e := range entries {
		// Times go as deltas from the one before (the first from From).
		put(e.at - from - prev)
		prev = e.at - from
		b.Write(binary.BigEndian.AppendUint64(nil, e.hash))
	}
	return timeCursorPrefix + base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// ErrNotTimeCursor is returned by ParseTimeCursor for text that is not an
// encoded cursor (say, a deltaLink of another kind of stream).
var ErrNotTimeCursor = errors.New("not a time cursor")

// ParseTimeCursor reads a cursor written by Encode.
func ParseTimeCursor(s string) (TimeCursor, error) {
	rest, ok := strings.CutPrefix(s, timeCursorPrefix)
	if !ok {
		return TimeCursor{}, ErrNotTimeCursor
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil {
		return TimeCursor{}, fmt.Errorf("%w: %v", ErrNotTimeCursor, err)
	}
	r := bytes.NewReader(raw)
	var fail error
	get := func() int64 {
		v, err := binary.ReadVarint(r)
		if err != nil && fail == nil {
			fail = err
		}
		return v
	}
	fromSec, high, n := get(), get(), get()
	if fail != nil || n < 0 || n > int64(len(raw)/8) {
		return TimeCursor{}, fmt.Errorf("%w: truncated header", ErrNotTimeCursor)
	}
	c := NewTimeCursor(time.Unix(fromSec, 0))
	if high != 0 {
		c.High = time.UnixMilli(high).UTC()
	}
	from, prev := c.From.UnixMilli(), int64(0)
	var hash [8]byte
	for i := int64(0); i < n; i++ {
		prev += get()
		if _, err := io.ReadFull(r, hash[:]); err != nil || fail != nil {
			return TimeCursor{}, fmt.Errorf("%w: truncated at event %d", ErrNotTimeCursor, i)
		}
		c.seen[binary.BigEndian.Uint64(hash[:])] = from + prev
	}
	if r.Len() != 0 {
		return TimeCursor{}, fmt.Errorf("%w: %d bytes left over", ErrNotTimeCursor, r.Len())
	}
	return c, nil
}

// idHash is the first 8 bytes of an id's SHA-256: the cursor keeps these
// rather than ids, so that it stays small (two ids of one overlap window
// collide with a probability of about n²/2⁶⁵).
func idHash(id string) uint64 {
	sum := sha256.Sum256([]byte(id))
	return binary.BigEndian.Uint64(sum[:8])
}
