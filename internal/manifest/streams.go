package manifest

import (
	"context"
	"fmt"
	"iter"

	"github.com/graphlake/graphlake/internal/store"
)

// Streams is every stream's state as one chain starts its next entry:
// each stream's newest state, whichever chain of the lake committed it
// (round numbers are global, so the highest round wins; see Merge), and
// the chain's own state of it, which the chain's next checkpoint carries
// (see Own). In a lake of one chain the two are the same state, and
// Streams is that chain's State itself, never copied: at 100,000 streams
// a second map of them would be 25 MB more at the host's peak.
type Streams struct {
	// newest is every stream's newest state of any chain; an ended
	// marker when the stream ended there.
	newest State
	// hasOwn reports whether the states gathered include the chain's own.
	hasOwn bool
	// others are the streams whose newest state another chain committed.
	others map[Key]struct{}
	// older is the chain's own state of a stream whose newest state
	// another chain committed: the stream moved away from the chain.
	older State
}

// own is the chain's own state of stream k.
func (st *Streams) own(k Key) (StreamState, bool) {
	if !st.hasOwn {
		return StreamState{}, false
	}
	if _, other := st.others[k]; !other {
		v, ok := st.newest[k]
		return v, ok
	}
	v, ok := st.older[k]
	return v, ok
}

// Streams gathers the stream state chain c starts its next entry from:
// every chain's state after its newest entry.
func (l *Lake) Streams(ctx context.Context, s store.Store, c Chain) (*Streams, error) {
	states, err := l.States(ctx, s)
	if err != nil {
		return nil, err
	}
	mine := -1
	for i, h := range l.Heads {
		if h.Chain == c {
			mine = i
		}
	}
	return gather(states, mine), nil
}

// ShardStreams is Streams for chain c as a shard reads it: it holds only
// the states it can use, so that a shard's memory follows the streams it
// owns, not the tenant's (at 600,000 mail streams, a gigabyte in every
// shard's host). Every chain's state is still read whole (its lines
// counted and its checkpoint hashed), but of another chain's streams a
// shard holds only those it owns (wire.Shard.OwnsStream), and shard 0
// also those of tenant-wide sources, which run there alone. A source is
// taken as sharded once a stream of it was seen in a chain of a shard
// other than 0 (of any count), as only a sharded source commits there, or
// once a checkpoint read names it so (WriteCheckpointWith): the root
// chain's, in a lake's first sharded round;
// chain c's own streams are all held, as its checkpoint carries them. A
// stream held is held from every chain, so its newest state, and whether
// it is c's own (Mine), are found as Streams finds them; of a stream not
// held, Own still finds c's own state. Unsharded chains (the root, or a
// count of 1) read everything, as Streams.
func (l *Lake) ShardStreams(ctx context.Context, s store.Store, c Chain) (*Streams, error) {
	shard := c.Wire()
	if !shard.Sharded() {
		return l.Streams(ctx, s, c)
	}
	states := make([]State, len(l.Heads))
	mine := -1
	sharded := map[string]bool{}
	// Shards other than 0 first: what they hold tells the sharded sources
	// apart before shard 0's and the root chain's states are read.
	order := make([]int, 0, len(l.Heads))
	for i, h := range l.Heads {
		if h.Chain.IsShard() && h.Chain.Index != 0 {
			order = append(order, i)
		}
	}
	for i, h := range l.Heads {
		if !h.Chain.IsShard() || h.Chain.Index == 0 {
			order = append(order, i)
		}
	}
	learn := func(source string) { sharded[source] = true }
	for _, i := range order {
		h := l.Heads[i]
		var sel *selection
		switch {
		case h.Chain == c:
			mine = i // all held
		case h.Chain.IsShard() && h.Chain.Index != 0:
			sel = &selection{keep: func(k Key) bool { return shard.OwnsStream(k.Stream) }, seen: func(k Key) { learn(k.Source) }}
		case c.Index == 0:
			sel = &selection{keep: func(k Key) bool { return !sharded[k.Source] || shard.OwnsStream(k.Stream) }, sharded: learn}
		default:
			sel = &selection{keep: func(k Key) bool { return shard.OwnsStream(k.Stream) }}
		}
		st, err := loadState(ctx, s, h, sel)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", h.Chain, err)
		}
		states[i] = st
	}
	return gather(states, mine), nil
}

// gather combines the states of a lake's chains, in the order of its
// heads; states[mine] is the chain's own (-1: none). It takes the maps: a
// single state becomes the Streams' own, uncopied.
func gather(states []State, mine int) *Streams {
	if len(states) == 1 {
		return &Streams{newest: states[0], hasOwn: mine == 0}
	}
	size := 0
	for _, st := range states {
		size = max(size, len(st))
	}
	out := &Streams{newest: make(State, size), hasOwn: mine >= 0, others: map[Key]struct{}{}, older: State{}}
	for i, st := range states {
		for k, v := range st {
			cur, seen := out.newest[k]
			switch {
			case !seen || v.Round > cur.Round:
				if seen && mine >= 0 {
					if _, other := out.others[k]; !other {
						out.older[k] = cur
					}
				}
				out.newest[k] = v
				if i == mine {
					delete(out.others, k)
				} else {
					out.others[k] = struct{}{}
				}
			case i == mine:
				out.older[k] = v
			}
		}
	}
	return out
}

// Get returns the stream's newest state; false when no chain holds the
// stream or it ended.
func (st *Streams) Get(k Key) (StreamState, bool) {
	v, ok := st.newest[k]
	if !ok || v.Ended {
		return StreamState{}, false
	}
	return v, true
}

// All yields every stream's newest state (see Get), in no order.
func (st *Streams) All() iter.Seq2[Key, StreamState] {
	return func(yield func(Key, StreamState) bool) {
		for k, v := range st.newest {
			if !v.Ended && !yield(k, v) {
				return
			}
		}
	}
}

// Keys returns the streams Get finds, sorted by source, then stream.
func (st *Streams) Keys() []Key {
	var keys []Key
	for k := range st.All() {
		keys = append(keys, k)
	}
	SortKeys(keys)
	return keys
}

// Len counts the streams held, ended ones included.
func (st *Streams) Len() int { return len(st.newest) }

// First returns the first of the streams Keys returns, without sorting
// them (or allocating: at 100,000 streams, 17 MB); false when there are
// none.
func (st *Streams) First() (Key, bool) {
	var first Key
	found := false
	for k := range st.All() {
		if !found || k.Source < first.Source || (k.Source == first.Source && k.Stream < first.Stream) {
			first, found = k, true
		}
	}
	return first, found
}

// Mine reports whether the chain's own state of the stream is its newest
// one (of the newest round): the chain holds the stream, which has not
// moved to it from another chain since.
func (st *Streams) Mine(k Key) bool {
	v, ok := st.newest[k]
	if !ok {
		return false
	}
	own, ok := st.own(k)
	return ok && own.Round == v.Round
}

// Own returns the chain's own state, which its checkpoints hold: a new
// map, the caller's to change.
func (st *Streams) Own() State {
	out := make(State, len(st.newest))
	for k := range st.newest {
		if own, ok := st.own(k); ok {
			out[k] = own
		}
	}
	return out
}

// Newest returns every stream's newest state, as Get finds it: a new map.
func (st *Streams) Newest() State {
	out := make(State, len(st.newest))
	for k, v := range st.All() {
		out[k] = v
	}
	return out
}
