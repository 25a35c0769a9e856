package manifest

import (
	"context"
	"sort"

	"github.com/graphlake/graphlake/internal/store"
)

// NewestWhere is the newest entry of head's chain, head included, that
// keep accepts, nil when it accepts none. keep must accept a prefix of
// the chain (a round bound, a commit-time bound): the entries are found
// by binary search, reading a few of them however long the chain. The
// entries it reads (all but head) are read without their streams (see
// ReadInWithoutStreams): its callers, the readers of a past state, use
// an entry's rounds, times, files and snapshots.
func NewestWhere(ctx context.Context, s store.Store, head *Committed, keep func(*Committed) bool) (*Committed, error) {
	if keep(head) {
		return head, nil
	}
	low := head.Chain.lowestNumber(1)
	var failed error
	read := map[int64]*Committed{}
	// the first entry keep refuses, among low..head.Number()
	n := int64(sort.Search(int(head.Number()-low), func(i int) bool {
		if failed != nil {
			return true
		}
		c, err := ReadInWithoutStreams(ctx, s, head.Chain, low+int64(i))
		if err != nil {
			failed = err
			return true
		}
		read[low+int64(i)] = c
		return !keep(c)
	})) + low
	if failed != nil {
		return nil, failed
	}
	if n == low {
		return nil, nil
	}
	if c := read[n-1]; c != nil {
		return c, nil
	}
	return ReadInWithoutStreams(ctx, s, head.Chain, n-1)
}

// Pin returns the lake as of a round: each chain's newest entry at or
// before it; a chain with none is left out. It reads a binary search's
// worth of entries per chain.
func (l *Lake) Pin(ctx context.Context, s store.Store, round int64) (*Lake, error) {
	out := &Lake{Chains: l.Chains}
	for _, h := range l.Heads {
		c, err := NewestWhere(ctx, s, h, func(c *Committed) bool { return c.Round <= round })
		if err != nil {
			return nil, err
		}
		if c != nil {
			out.Heads = append(out.Heads, c)
		}
	}
	return out, nil
}
