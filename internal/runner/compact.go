package runner

import (
	"context"
	"time"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
)

// compact writes a current-state snapshot of the round, its own changes
// included, when the last snapshot is Lake.CompactEvery rounds old (or
// there is none and the lake is that old); otherwise, or when compaction
// fails, the entry carries the last snapshot's reference forward. A
// failure costs the round nothing but a warning: it commits its data as
// usual, and the next round tries again.
//
// In a sharded lake only shard 0 (of the count it runs with) compacts: it
// reads every chain's heads as its round started, and the snapshot
// records the round of each chain it holds (manifest.CurrentRef.Covers),
// since the other shards may commit rounds meanwhile.
func (r *round) compact(ctx context.Context, entry *manifest.Entry) *manifest.CurrentRef {
	last := r.prior.snapshot()
	chain := r.prior.chain
	if !current.Due(last, entry.Round, r.opts.Pipeline.Lake.CompactEvery) || chain.IsShard() && chain.Index != 0 {
		return last
	}
	started := time.Now()
	ref, err := r.snapshot(ctx, entry)
	if err == nil {
		r.opts.Logger.Info("current state compacted", "round", entry.Round, "tables", len(ref.Tables),
			"took", time.Since(started).Round(time.Millisecond))
		return ref
	}
	r.opts.Logger.Warn("the round commits without a new current-state snapshot; the next round tries again",
		"round", entry.Round, "error", err)
	return last
}

// snapshot writes the snapshot of the lake the round started from with
// the round's own changes applied.
func (r *round) snapshot(ctx context.Context, entry *manifest.Entry) (*manifest.CurrentRef, error) {
	o := current.Options{Round: entry.Round, RunID: r.runID, TargetFileBytes: r.opts.TargetFileBytes, RowGroupBytes: r.opts.RowGroupBytes}
	if !r.prior.chain.IsShard() {
		v, err := current.Open(ctx, r.opts.Store, r.prior.latest)
		if err != nil {
			return nil, err
		}
		return current.Compact(ctx, v.With(entry), o)
	}
	v, err := current.OpenHeads(ctx, r.opts.Store, r.prior.lake)
	if err != nil {
		return nil, err
	}
	ref, err := current.Compact(ctx, v.With(entry), o)
	if err != nil {
		return nil, err
	}
	ref.Covers = r.prior.lake.Covers(r.prior.chain, entry.Round)
	return ref, nil
}

// discardCurrent removes the snapshot this round wrote, if any: only its
// own files (see current.Discard), never those of a reference carried
// forward from the lake, which may name anything.
func (r *round) discardCurrent(ctx context.Context, entry *manifest.Entry) {
	if entry.Current != nil && entry.Current.Round == entry.Round {
		current.Discard(ctx, r.opts.Store, entry.Current, r.runID)
	}
}
