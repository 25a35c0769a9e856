package current

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// ErrNothingAsOf means no committed round is at or before the asked point:
// the round is past the lake's latest, or the time before its first commit.
var ErrNothingAsOf = errors.New("no committed round")

// AsOf is a point of a lake's history: a round, or a time (the newest
// round committed at or before it).
type AsOf struct {
	// Round, when positive, is the round asked for.
	Round int64
	// Time, when Round is 0, is the time asked for.
	Time time.Time
}

// ParseAsOf reads --as-of's value: a round number, an RFC 3339 time
// (2026-03-03T17:00:00Z) or a UTC day (2026-03-03, its first instant).
func ParseAsOf(s string) (AsOf, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < 1 {
			return AsOf{}, fmt.Errorf("--as-of %s: rounds count from 1", s)
		}
		return AsOf{Round: n}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return AsOf{Time: t.UTC()}, nil
		}
	}
	return AsOf{}, fmt.Errorf("--as-of %q: want a round number, an RFC 3339 time such as 2026-03-03T17:00:00Z, or a UTC day such as 2026-03-03", s)
}

// String spells the point as --as-of takes it.
func (a AsOf) String() string {
	if a.Round > 0 {
		return strconv.FormatInt(a.Round, 10)
	}
	return a.Time.UTC().Format(time.RFC3339Nano)
}

// Pinned is a lake read as of a committed round.
type Pinned struct {
	// Entry is the round's manifest entry; its SHA256 is what etl verify
	// checks and etl history prints.
	Entry *manifest.Committed
	// Sharded says that the lake has shard chains.
	Sharded bool
	// Entries are, for a sharded lake, the entries the view applies to
	// the snapshot: every chain's entries up to the round that the
	// snapshot does not cover (manifest.CurrentRef.Covered), oldest
	// first; nil for a lake of one chain, whose entries the view reads
	// from its snapshot on (see Open).
	Entries []*manifest.Committed
	// snapshot is, for a sharded lake, the newest snapshot at or before
	// the round.
	snapshot *manifest.CurrentRef
}

// Find resolves a to the committed round it names: the round itself (or,
// on a sharded lake whose chains skip it, the newest round before it), or
// the newest round committed at or before a time. It reads the round's
// entry, or for a time a binary search's worth of entries, per chain; on
// a sharded lake also the entries after the newest snapshot at or before
// the round, up to it.
func Find(ctx context.Context, s store.Store, a AsOf) (*Pinned, error) {
	lake, err := manifest.LoadLakeHeads(ctx, s)
	if err != nil {
		return nil, err
	}
	latest := lake.MaxRound()
	if latest == 0 {
		return nil, fmt.Errorf("%w: the lake is empty", ErrNothingAsOf)
	}
	if lake.Sharded() {
		return findSharded(ctx, s, lake, a, latest)
	}
	var round int64
	switch {
	case a.Round > latest:
		return nil, fmt.Errorf("%w at round %d: the lake's latest round is %d", ErrNothingAsOf, a.Round, latest)
	case a.Round > 0:
		round = a.Round
	default:
		if round, err = roundAt(ctx, s, a.Time, lake.Heads[0]); err != nil {
			return nil, err
		}
	}
	c := lake.Heads[0]
	if round != c.Round {
		if c, err = manifest.ReadInWithoutStreams(ctx, s, manifest.Chain{}, round); err != nil {
			return nil, err
		}
	}
	return &Pinned{Entry: c}, nil
}

// roundAt is the newest round of the root chain committed at or before t:
// rounds commit one after the other, so commit times rise with rounds.
func roundAt(ctx context.Context, s store.Store, t time.Time, head *manifest.Committed) (int64, error) {
	if !head.CommittedAt.After(t) {
		return head.Round, nil
	}
	var failed error
	// the first round committed after t, among 1..head.Round
	after := sort.Search(int(head.Round), func(i int) bool {
		if failed != nil {
			return true
		}
		c, err := manifest.ReadInWithoutStreams(ctx, s, manifest.Chain{}, int64(i)+1)
		if err != nil {
			failed = err
			return true
		}
		return c.CommittedAt.After(t)
	})
	if failed != nil {
		return 0, failed
	}
	if after == 0 {
		return 0, fmt.Errorf("%w at %s: round 1 committed later", ErrNothingAsOf, t.UTC().Format(time.RFC3339))
	}
	return int64(after), nil
}

// findSharded pins a sharded lake: each chain's newest entry up to the
// round (for a time, the newest round committed by then in any chain),
// found by binary search, then the entries of each chain after the round
// the newest of their snapshots covers.
func findSharded(ctx context.Context, s store.Store, lake *manifest.Lake, a AsOf, latest int64) (*Pinned, error) {
	if a.Round > latest {
		return nil, fmt.Errorf("%w at round %d: the lake's latest round is %d", ErrNothingAsOf, a.Round, latest)
	}
	round := a.Round
	if round == 0 {
		for _, h := range lake.Heads {
			c, err := manifest.NewestWhere(ctx, s, h, func(c *manifest.Committed) bool { return !c.CommittedAt.After(a.Time) })
			if err != nil {
				return nil, err
			}
			if c != nil {
				round = max(round, c.Round)
			}
		}
		if round == 0 {
			return nil, fmt.Errorf("%w at %s: the first round committed later", ErrNothingAsOf, a)
		}
	}
	// every chain's rounds up to it, whenever each committed
	pinned, err := lake.Pin(ctx, s, round)
	if err != nil {
		return nil, err
	}
	p := &Pinned{Sharded: true}
	for _, h := range pinned.Heads {
		if p.Entry == nil || h.Round >= p.Entry.Round {
			p.Entry = h
		}
	}
	if p.Entry == nil {
		return nil, fmt.Errorf("%w at %s: the first round committed later", ErrNothingAsOf, a)
	}
	p.snapshot = pinned.Snapshot()
	if p.Entries, err = pinned.AfterSnapshot(ctx, s, p.snapshot); err != nil {
		return nil, fmt.Errorf("read the rounds after the current-state snapshot: %w", err)
	}
	return p, nil
}

// Snapshot is the newest current-state snapshot at or before the round.
func (p *Pinned) Snapshot() *manifest.CurrentRef {
	if !p.Sharded {
		return p.Entry.Current
	}
	return p.snapshot
}

// OpenAsOf reads the view after the pinned round: the newest snapshot at
// or before it and the entries after the snapshot up to it, nothing newer.
func OpenAsOf(ctx context.Context, s store.Store, p *Pinned) (*View, error) {
	if !p.Sharded {
		return Open(ctx, s, p.Entry)
	}
	v := &View{store: s, infos: map[string]*tableInfo{}, snapshot: p.Snapshot()}
	for _, c := range p.Entries {
		v.tail = append(v.tail, &c.Entry)
	}
	return v, nil
}
