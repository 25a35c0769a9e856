package manifest

import (
	"context"
	"iter"

	"github.com/graphlake/graphlake/internal/store"
)

// Streams is every stream's state as one chain starts its next entry, in
// one map: each stream's newest state, whichever chain of the lake
// committed it (round numbers are global, so the highest round wins; see
// Merge), and the chain's own state of it, which the chain's next
// checkpoint carries (see Own). In a lake of one chain the two are the
// same state.
type Streams struct {
	held map[Key]held
}

// held is what the lake holds of one stream.
type held struct {
	// newest is the stream's newest state of any chain; an ended marker
	// when the stream ended there.
	newest StreamState
	// mine reports whether the chain itself committed newest.
	mine bool
	// older is the chain's own state of the stream when another chain
	// committed the newest one: the stream moved away from the chain.
	older *StreamState
}

// own is the chain's own state of the stream.
func (h held) own() (StreamState, bool) {
	switch {
	case h.mine:
		return h.newest, true
	case h.older != nil:
		return *h.older, true
	}
	return StreamState{}, false
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

// gather combines the states of a lake's chains, in the order of its
// heads; states[mine] is the chain's own (-1: none).
func gather(states []State, mine int) *Streams {
	size := 0
	for _, st := range states {
		size = max(size, len(st))
	}
	out := &Streams{held: make(map[Key]held, size)}
	for i, st := range states {
		for k, v := range st {
			h, seen := out.held[k]
			switch {
			case !seen || v.Round > h.newest.Round:
				if h.mine {
					older := h.newest
					h.older = &older
				}
				h.newest, h.mine = v, i == mine
			case i == mine:
				h.older = &v
			}
			out.held[k] = h
		}
	}
	return out
}

// Get returns the stream's newest state; false when no chain holds the
// stream or it ended.
func (st *Streams) Get(k Key) (StreamState, bool) {
	h, ok := st.held[k]
	if !ok || h.newest.Ended {
		return StreamState{}, false
	}
	return h.newest, true
}

// All yields every stream's newest state (see Get), in no order.
func (st *Streams) All() iter.Seq2[Key, StreamState] {
	return func(yield func(Key, StreamState) bool) {
		for k, h := range st.held {
			if !h.newest.Ended && !yield(k, h.newest) {
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

// Mine reports whether the chain's own state of the stream is its newest
// one (of the newest round): the chain holds the stream, which has not
// moved to it from another chain since.
func (st *Streams) Mine(k Key) bool {
	h, ok := st.held[k]
	if !ok {
		return false
	}
	own, ok := h.own()
	return ok && own.Round == h.newest.Round
}

// Own returns the chain's own state, which its checkpoints hold: a new
// map, the caller's to change.
func (st *Streams) Own() State {
	out := make(State, len(st.held))
	for k, h := range st.held {
		if own, ok := h.own(); ok {
			out[k] = own
		}
	}
	return out
}

// Newest returns every stream's newest state, as Get finds it: a new map.
func (st *Streams) Newest() State {
	out := make(State, len(st.held))
	for k, v := range st.All() {
		out[k] = v
	}
	return out
}
