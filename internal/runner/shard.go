package runner

import (
	"context"
	"errors"
	"fmt"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/sealed"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// ErrShardOverlap means chains of another shard count committed while
// this round ran: the previous shard count's runs had not finished. The
// round commits nothing.
var ErrShardOverlap = errors.New("runs of another shard count are committing")

// loadPriorSharded reads every chain of the lake: the round is numbered
// one past the newest round of any chain, and each stream starts from its
// newest state wherever it was committed.
func loadPriorSharded(ctx context.Context, s store.Store, pipeline string, shard *manifest.Shard, box *sealed.Box) (*prior, error) {
	lake, err := manifest.LoadLake(ctx, s)
	if err != nil {
		return nil, err
	}
	if err := lake.CheckPipeline(pipeline); err != nil {
		return nil, err
	}
	states, err := lake.States(ctx, s)
	if err != nil {
		return nil, err
	}
	p := &prior{latest: lake.Head(shard), lake: lake, next: lake.MaxRound() + 1, box: box, pipe: pipeline,
		state: manifest.Merge(states...), own: manifest.State{}}
	for i, h := range lake.Heads {
		if h.Shard.ID() == shard.ID() {
			p.own = states[i]
		}
	}
	return p, p.checkKey()
}

// refuseSharded stops an unsharded run on a sharded lake: its root chain
// would number rounds without regard to the shards' chains.
func refuseSharded(ctx context.Context, s store.Store) error {
	chains, err := manifest.Chains(ctx, s)
	if err != nil {
		return err
	}
	for _, sh := range chains {
		if sh != nil {
			return fmt.Errorf("%w: the lake is sharded (it has the manifest chain of %s): run every round with --shard INDEX/COUNT (COUNT may be 1)", ErrConfig, sh)
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

// wireShard is the shard as plugins see it.
func (o *Options) wireShard() wire.Shard {
	if o.Shard == nil {
		return wire.Shard{}
	}
	return wire.Shard{Index: o.Shard.Index, Count: o.Shard.Count}
}

// checkOverlap refuses to commit when a chain of another shard count
// committed after this round read the lake: two shard counts running at
// once could sync one stream twice in one round. The previous count's
// runs must end before a re-shard's start.
func (r *round) checkOverlap(ctx context.Context) error {
	if r.opts.Shard == nil {
		return nil
	}
	seen := r.prior.lake.OtherCounts(r.opts.Shard.Count)
	now, err := manifest.LoadLake(ctx, r.opts.Store)
	if err != nil {
		return err
	}
	for id, round := range now.OtherCounts(r.opts.Shard.Count) {
		if round > seen[id] && id != "" {
			return fmt.Errorf("%w: chain %s committed round %d while this round of %s ran; let the previous shard count's runs finish before running with another count",
				ErrShardOverlap, id, round, r.opts.Shard)
		}
	}
	return nil
}
