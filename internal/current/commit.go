package current

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// ErrNoRounds means the lake has no committed round to compact.
var ErrNoRounds = errors.New("the lake has no committed rounds yet")

// ErrUpToDate means the latest round already names a snapshot of itself.
var ErrUpToDate = errors.New("the latest round's current-state snapshot is up to date")

// CommitOptions describes a compaction committed on its own (`etl compact`).
type CommitOptions struct {
	// Pipeline must be the lake's pipeline.
	Pipeline string
	// RunID names this run's files; HostVersion is recorded in the entry.
	RunID, HostVersion string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// TargetFileBytes and RowGroupBytes tune the Parquet files.
	TargetFileBytes, RowGroupBytes int64
	// Signer, when set, signs the entry (the pipeline's
	// audit.signing_key); see manifest.CheckSigner.
	Signer *manifest.Signer
	// Warn, when set, hears that the entry was committed but HEAD was not
	// updated (see manifest.Committer).
	Warn func(msg string, args ...any)
}

func (o CommitOptions) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}

// CommitCompaction writes a snapshot of the latest round's state and
// commits it as the next round, an entry of kind compact: no streams, no
// change-log files, the state checkpoint carried forward, chained to the
// latest entry like any other. A sharded lake's is committed in the chain
// of shard 0 (of the newest shard count), as its rounds' are. manifest.ErrRoundTaken means another run
// committed that round first; this run's files are then deleted.
func CommitCompaction(ctx context.Context, s store.Store, o CommitOptions) (*manifest.Committed, error) {
	started := o.now()
	lake, err := manifest.LoadLakeHeads(ctx, s)
	if err != nil {
		return nil, err
	}
	if lake.Sharded() {
		return commitSharded(ctx, s, lake, o, started)
	}
	latest, err := manifest.Latest(ctx, s)
	switch {
	case err != nil:
		return nil, err
	case latest == nil:
		return nil, ErrNoRounds
	case latest.Pipeline != o.Pipeline:
		return nil, fmt.Errorf("the lake belongs to pipeline %q, not %q", latest.Pipeline, o.Pipeline)
	case latest.Current != nil && latest.Current.Round == latest.Round:
		return nil, fmt.Errorf("%w (round %d)", ErrUpToDate, latest.Round)
	}
	if err := manifest.CheckSigner(latest, o.Signer); err != nil {
		return nil, err
	}
	v, err := Open(ctx, s, latest)
	if err != nil {
		return nil, err
	}
	next := manifest.NextAfter(latest)
	ref, err := Compact(ctx, v, Options{Round: next.Round, RunID: o.RunID, TargetFileBytes: o.TargetFileBytes, RowGroupBytes: o.RowGroupBytes})
	if err != nil {
		return nil, fmt.Errorf("compact round %d, nothing committed: %w", next.Round, err)
	}
	entry := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: latest.Pipeline, Kind: manifest.KindCompact,
		RunID: o.RunID, StartedAt: started, HostVersion: o.HostVersion,
		State: latest.State, Current: ref, Streams: []manifest.Stream{}, Files: []manifest.File{}}
	committer := &manifest.Committer{Store: s, Signer: o.Signer, Now: o.Now, Warn: o.Warn}
	committed, err := committer.Commit(ctx, next, entry)
	if manifest.NothingCommitted(err) {
		Discard(context.WithoutCancel(ctx), s, ref, o.RunID)
	}
	return committed, err
}

// commitSharded commits a sharded lake's compaction in the chain of shard
// 0 of the newest shard count, the shard whose rounds compact: a snapshot
// of every chain's newest round that records the round of each it holds
// (manifest.CurrentRef.Covers).
func commitSharded(ctx context.Context, s store.Store, lake *manifest.Lake, o CommitOptions, started time.Time) (*manifest.Committed, error) {
	if err := lake.CheckPipeline(o.Pipeline); err != nil {
		return nil, err
	}
	chain := compactingChain(lake)
	head := lake.Head(chain)
	switch {
	case head == nil:
		return nil, fmt.Errorf("%s, which compacts the sharded lake, has committed no round yet: run it once (etl run --shard 0/%d) and compact again", chain, chain.Count)
	case lake.Snapshot() != nil && lake.Snapshot().Round == lake.MaxRound():
		return nil, fmt.Errorf("%w (round %d)", ErrUpToDate, lake.MaxRound())
	}
	if err := manifest.CheckSigner(head, o.Signer); err != nil {
		return nil, err
	}
	v, err := OpenHeads(ctx, s, lake)
	if err != nil {
		return nil, err
	}
	next := lake.Next(chain)
	ref, err := Compact(ctx, v, Options{Round: next.Round, RunID: o.RunID, TargetFileBytes: o.TargetFileBytes, RowGroupBytes: o.RowGroupBytes})
	if err != nil {
		return nil, fmt.Errorf("compact round %d, nothing committed: %w", next.Round, err)
	}
	ref.Covers = lake.Covers(chain, next.Round)
	entry := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: head.Pipeline, Kind: manifest.KindCompact,
		RunID: o.RunID, StartedAt: started, HostVersion: o.HostVersion,
		State: head.State, Current: ref, Streams: []manifest.Stream{}, Files: []manifest.File{}}
	committer := &manifest.Committer{Store: s, Signer: o.Signer, Now: o.Now, Warn: o.Warn}
	committed, err := committer.Commit(ctx, next, entry)
	if manifest.NothingCommitted(err) {
		Discard(context.WithoutCancel(ctx), s, ref, o.RunID)
	}
	return committed, err
}

// compactingChain is the chain of shard 0 of the shard count that
// committed the lake's newest round.
func compactingChain(lake *manifest.Lake) manifest.Chain {
	var newest *manifest.Committed
	for _, h := range lake.Heads {
		if h.Chain.IsShard() && (newest == nil || h.Round > newest.Round) {
			newest = h
		}
	}
	return manifest.Chain{Index: 0, Count: newest.Chain.Count}
}
