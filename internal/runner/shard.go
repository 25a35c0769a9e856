package runner

import (
	"context"
	"errors"
	"fmt"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// ErrShardOverlap means chains of another shard count committed while
// this round ran: the previous shard count's runs had not finished. The
// round commits nothing.
var ErrShardOverlap = errors.New("runs of another shard count are committing")

// refuseSharded stops a run in the root chain on a sharded lake (one
// with a shard chain): the root chain names its entries by their rounds,
// which must be dense, and the shards' rounds take numbers of their own.
func refuseSharded(chain manifest.Chain, chains []manifest.Chain) error {
	if chain.IsShard() {
		return nil
	}
	for _, c := range chains {
		if c.IsShard() {
			return fmt.Errorf("%w: the lake is sharded (it has the manifest chain of %s): run every round with --shard INDEX/COUNT (COUNT may be 1)", ErrConfig, c)
		}
	}
	return nil
}

// shardable reports whether a source's tables all declare a shard key, so
// that it runs in every shard on the streams each owns; other sources are
// tenant-wide and run in shard 0 only.
func shardable(tables map[string]wire.Table) bool {
	if len(tables) == 0 {
		return false
	}
	for _, t := range tables {
		if d, err := table.ReadDeclared(t.Schema); err != nil || d.ShardKey == "" {
			return false
		}
	}
	return true
}

// checkOverlap refuses to commit when a chain of another shard count
// committed after this round read the lake: two shard counts running at
// once could sync one stream twice in one round. The previous count's
// runs must end before a re-shard's start.
// The root chain never checks: it runs only on an unsharded lake (see
// refuseSharded), and the root chain is no other shard count's.
func (r *round) checkOverlap(ctx context.Context) error {
	chain := r.prior.chain
	if !chain.IsShard() {
		return nil
	}
	seen := r.prior.lake.OtherCounts(chain)
	now, err := manifest.LoadLakeHeads(ctx, r.opts.Store)
	if err != nil {
		return err
	}
	for c, round := range now.OtherCounts(chain) {
		if round > seen[c] && c.IsShard() {
			return fmt.Errorf("%w: chain %s committed round %d while this round of %s ran; let the previous shard count's runs finish before running with another count",
				ErrShardOverlap, c.ID(), round, chain)
		}
	}
	return nil
}
