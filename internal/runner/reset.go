package runner

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// ResetOptions says what to reset.
type ResetOptions struct {
	Store store.Store
	// Pipeline is the pipeline's name; the lake must be its.
	Pipeline string
	// Sources limits the reset to these sources; empty means all.
	Sources []string
	// HostVersion is recorded in the entry.
	HostVersion string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Signer, when set, signs the entry (see Options.Signer).
	Signer *manifest.Signer
	// Chain, a shard's on a sharded lake, is the chain the reset entry is
	// committed in. Any shard will do: the entry lists the chosen
	// sources' streams of every chain, and its round, past every chain's
	// newest, makes it their newest state.
	Chain manifest.Chain
}

// Reset commits a reset entry: the streams of the chosen sources forget
// their deltaLinks, so that the next round reads them in full and deletes
// the rows they no longer return. Nothing is deleted now. The entry is a
// round of its own in the hash chain; like a sync round it loses to a
// concurrent commit with manifest.ErrRoundTaken.
func Reset(ctx context.Context, opts ResetOptions) (*manifest.Entry, error) {
	lake, err := manifest.LoadLake(ctx, opts.Store)
	if err != nil {
		return nil, err
	}
	if len(lake.Heads) == 0 {
		return nil, errors.New("nothing to reset: the lake has no committed round yet, and its first round reads everything anyway")
	}
	if err := lake.CheckPipeline(opts.Pipeline); err != nil {
		return nil, err
	}
	if lake.Sharded() && !opts.Chain.IsShard() {
		return nil, fmt.Errorf("%w: the lake is sharded: name the chain to commit the reset in with --shard INDEX/COUNT (any shard of the current count)", ErrConfig)
	}
	state, err := lake.Streams(ctx, opts.Store, opts.Chain)
	if err != nil {
		return nil, err
	}
	now := (&Options{Now: opts.Now}).now()
	entry := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: opts.Pipeline, Kind: manifest.KindReset,
		RunID: newRunID(), StartedAt: now, CommittedAt: now, HostVersion: opts.HostVersion, Files: []manifest.File{}}
	next := lake.Next(opts.Chain)
	own := next.Head
	if own != nil {
		entry.State = own.State
	}
	if opts.Chain.IsShard() { // a reset in the root chain carries no snapshot, as it always has
		entry.Current = lake.Snapshot()
	}
	chosen := map[string]bool{}
	for _, s := range opts.Sources {
		chosen[s] = true
	}
	for _, k := range state.Keys() {
		if len(chosen) > 0 && !chosen[k.Source] {
			continue
		}
		s, _ := state.Get(k)
		entry.Streams = append(entry.Streams, manifest.Stream{Source: k.Source, Stream: k.Stream, Fingerprint: s.Fingerprint,
			StartLinkSHA256: s.EndLinkSHA256, Status: wire.StatusReset, Reason: "etl reset"})
	}
	if len(entry.Streams) == 0 {
		return nil, fmt.Errorf("no stream of %s has committed state to reset", describeSources(opts.Sources))
	}
	if err := (&prior{chain: opts.Chain, latest: own, lake: lake}).checkSigner(opts.Signer); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	committer := &manifest.Committer{Store: opts.Store, Signer: opts.Signer, Now: opts.Now}
	if _, err := committer.Commit(ctx, next, entry); err != nil {
		if errors.Is(err, manifest.ErrSigningKey) {
			return nil, fmt.Errorf("%w: %w", ErrConfig, err)
		}
		return nil, err
	}
	return entry, nil
}

func describeSources(sources []string) string {
	if len(sources) == 0 {
		return "the pipeline"
	}
	return "source " + strings.Join(sources, ", ")
}
