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
func (r *round) compact(ctx context.Context, entry *manifest.Entry) *manifest.CurrentRef {
	last := r.prior.snapshot()
	if !current.Due(last, entry.Round, r.opts.Pipeline.Lake.CompactEvery) {
		return last
	}
	if r.prior.chain.IsShard() {
		// Sharded lakes are not compacted yet: readers fold the rounds
		// after the newest snapshot of any chain. Say so when one is due.
		r.opts.Logger.Warn("a current-state snapshot is due, but sharded lakes are not compacted yet; readers fold every sharded round since the last snapshot",
			"round", entry.Round, "snapshot_round", snapshotRound(last))
		return last
	}
	started := time.Now()
	v, err := current.Open(ctx, r.opts.Store, r.prior.latest)
	if err == nil {
		var ref *manifest.CurrentRef
		ref, err = current.Compact(ctx, v.With(entry), current.Options{Round: entry.Round, RunID: r.runID,
			TargetFileBytes: r.opts.TargetFileBytes, RowGroupBytes: r.opts.RowGroupBytes})
		if err == nil {
			r.opts.Logger.Info("current state compacted", "round", entry.Round, "tables", len(ref.Tables),
				"took", time.Since(started).Round(time.Millisecond))
			return ref
		}
	}
	r.opts.Logger.Warn("the round commits without a new current-state snapshot; the next round tries again",
		"round", entry.Round, "error", err)
	return last
}

// discardCurrent removes the snapshot this round wrote, if any.
func (r *round) discardCurrent(ctx context.Context, entry *manifest.Entry) {
	if entry.Current != nil && entry.Current.Round == entry.Round {
		current.Discard(ctx, r.opts.Store, entry.Current)
	}
}

func snapshotRound(ref *manifest.CurrentRef) int64 {
	if ref == nil {
		return 0
	}
	return ref.Round
}
