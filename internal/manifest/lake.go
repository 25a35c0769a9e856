package manifest

import (
	"context"
	"fmt"
	"sort"

	"github.com/graphlake/graphlake/internal/store"
)

// Lake is the newest entry of every chain of a lake: what a shard needs
// to number its round and gather its streams' state, and what readers
// need to see the whole pipeline.
type Lake struct {
	// Chains are the lake's chains (see Chains): the root chain when it
	// has a round, then every registered shard chain, committed or not.
	Chains []Chain
	// Heads are the chains' newest entries, root chain first; a chain
	// without a committed entry has none.
	Heads []*Committed
}

// LoadLake finds every chain's newest entry.
func LoadLake(ctx context.Context, s store.Store) (*Lake, error) {
	return loadLake(ctx, s, keepStreams)
}

// LoadLakeForState is LoadLake for a round, which reads the heads' streams
// only through the state (Streams): a head whose state checkpoint is of
// its own round, and so holds every stream's state after it, is read
// without its streams, so that they are never held (90 MB decoded at
// 100,000 changed streams). The heads are read and checked as LoadLake
// reads them.
func LoadLakeForState(ctx context.Context, s store.Store) (*Lake, error) {
	return loadLake(ctx, s, dropCheckpointedStreams)
}

// LoadLakeHeads is LoadLake for a reader of the heads' other fields
// (their chains and rounds): every head is read without its streams,
// which a head of 100,000 changed streams holds 120 MB of. The heads are
// read and checked as LoadLake reads them.
func LoadLakeHeads(ctx context.Context, s store.Store) (*Lake, error) {
	return loadLake(ctx, s, dropAllStreams)
}

// loadLake is LoadLake, keeping the heads' streams which says (see
// entryStreams).
func loadLake(ctx context.Context, s store.Store, which entryStreams) (*Lake, error) {
	chains, err := Chains(ctx, s)
	if err != nil {
		return nil, err
	}
	l := &Lake{Chains: chains}
	for _, ch := range chains {
		c, err := latestEntryIn(ctx, s, ch, which)
		if err != nil {
			return nil, err
		}
		if c != nil {
			l.Heads = append(l.Heads, c)
		}
	}
	return l, nil
}

// Sharded reports whether a shard chain has committed a round.
func (l *Lake) Sharded() bool {
	for _, h := range l.Heads {
		if h.Chain.IsShard() {
			return true
		}
	}
	return false
}

// MaxRound is the newest round of any chain (0 for an empty lake).
func (l *Lake) MaxRound() int64 {
	var n int64
	for _, h := range l.Heads {
		n = max(n, h.Round)
	}
	return n
}

// Head is the chain's newest entry, nil when it has none.
func (l *Lake) Head(c Chain) *Committed {
	for _, h := range l.Heads {
		if h.Chain == c {
			return h
		}
	}
	return nil
}

// Snapshot is the newest current-state snapshot any chain's newest entry
// names, nil when there is none.
func (l *Lake) Snapshot() *CurrentRef {
	var out *CurrentRef
	for _, h := range l.Heads {
		if h.Current != nil && (out == nil || h.Current.Round > out.Round) {
			out = h.Current
		}
	}
	return out
}

// CheckPipeline refuses a lake written by another pipeline.
func (l *Lake) CheckPipeline(pipeline string) error {
	for _, h := range l.Heads {
		if h.Pipeline != pipeline {
			return fmt.Errorf("the lake belongs to pipeline %q, not %q: point destination at another folder or rename the pipeline back",
				h.Pipeline, pipeline)
		}
	}
	return nil
}

// States loads each chain's stream state after its newest entry, in the
// order of Heads; Merge combines them.
func (l *Lake) States(ctx context.Context, s store.Store) ([]State, error) {
	out := make([]State, 0, len(l.Heads))
	for _, h := range l.Heads {
		st, err := LoadState(ctx, s, h)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", h.Chain, err)
		}
		out = append(out, st)
	}
	return out, nil
}

// OtherCounts returns, for the chains of a shard count other than c's
// (the root chain's count is 0), their newest rounds: a shard compares
// them again before it commits, to refuse running while another shard
// count's runs commit.
func (l *Lake) OtherCounts(c Chain) map[Chain]int64 {
	out := map[Chain]int64{}
	for _, h := range l.Heads {
		if h.Chain.Count != c.Count {
			out[h.Chain] = h.Round
		}
	}
	return out
}

// After loads the entries of every chain whose round is past round, oldest
// first (by round, then chain): each chain is walked back from its head,
// so the cost follows the entries read, not the history.
func (l *Lake) After(ctx context.Context, s store.Store, round int64) ([]*Committed, error) {
	var out []*Committed
	for _, h := range l.Heads {
		since, err := Since(ctx, s, h, round+1)
		if err != nil {
			return nil, err
		}
		out = append(out, since...)
	}
	sortEntries(out)
	return out, nil
}

// AfterSnapshot loads the entries a reader applies to snapshot ref (nil:
// none, every entry), oldest first as After orders them: those of each
// chain after the round of it the snapshot covers (CurrentRef.Covered).
// Each chain is walked back from its head, so the cost follows the
// entries read, not the history. The entries it reads are read without
// their streams, which a reader of the current state never uses (see
// SinceWithoutStreams); the heads are returned as l holds them.
func (l *Lake) AfterSnapshot(ctx context.Context, s store.Store, ref *CurrentRef) ([]*Committed, error) {
	var out []*Committed
	for _, h := range l.Heads {
		since, err := SinceWithoutStreams(ctx, s, h, ref.Covered(h.Chain)+1)
		if err != nil {
			return nil, err
		}
		out = append(out, since...)
	}
	sortEntries(out)
	return out, nil
}

// Covers is what a snapshot written by a round of chain c numbered round
// covers, when it holds the lake's heads and that round: each head's round,
// and round for c.
func (l *Lake) Covers(c Chain, round int64) map[string]int64 {
	out := map[string]int64{CoverKey(c): round}
	for _, h := range l.Heads {
		if h.Chain != c {
			out[CoverKey(h.Chain)] = h.Round
		}
	}
	return out
}

// sortEntries orders entries by round, then chain.
func sortEntries(out []*Committed) {
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Round != out[j].Round {
			return out[i].Round < out[j].Round
		}
		return out[i].Chain.ID() < out[j].Chain.ID()
	})
}
