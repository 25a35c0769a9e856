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
// latest entry like any other. manifest.ErrRoundTaken means another run
// committed that round first; this run's files are then deleted.
func CommitCompaction(ctx context.Context, s store.Store, o CommitOptions) (*manifest.Committed, error) {
	started := o.now()
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
		Discard(context.WithoutCancel(ctx), s, ref)
	}
	return committed, err
}
