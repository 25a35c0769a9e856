package runner

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// ErrAlreadyRotated means the chain is signed with the new key already.
var ErrAlreadyRotated = errors.New("the chain is already signed with the new key")

// RotateOptions says which signing key hands over to which.
type RotateOptions struct {
	Store store.Store
	// Pipeline is the pipeline's name; the lake must be its.
	Pipeline string
	// Old is the key in force in the chain; it signs the hand-over. New
	// is the key that signs the chain's entries after it.
	Old, New *manifest.Signer
	// HostVersion is recorded in the entry.
	HostVersion string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Chain, a shard's on a sharded lake, is the chain to hand over; each
	// chain hands over on its own.
	Chain manifest.Chain
}

// RotateSigningKey commits an entry of kind signing-key in one chain:
// signed by the chain's key in force (Old), it names New as the key of
// every later entry. It writes no data and changes no stream; like any
// round it loses to a concurrent commit with manifest.ErrRoundTaken.
func RotateSigningKey(ctx context.Context, opts RotateOptions) (*manifest.Entry, error) {
	lake, err := manifest.LoadLake(ctx, opts.Store)
	if err != nil {
		return nil, err
	}
	if err := lake.CheckPipeline(opts.Pipeline); err != nil {
		return nil, err
	}
	if lake.Sharded() && !opts.Chain.IsShard() {
		return nil, fmt.Errorf("%w: the lake is sharded: hand over each chain of the current shard count with --shard INDEX/COUNT", ErrConfig)
	}
	own := lake.Head(opts.Chain)
	if own == nil {
		return nil, fmt.Errorf("%w: %s has no committed round: its first round is signed with audit.signing_key, no hand-over needed", ErrConfig, opts.Chain)
	}
	switch cur := manifest.CurrentKeyID(&own.Entry); cur {
	case "":
		return nil, fmt.Errorf("%w: %s is not signed yet: its next round is signed with audit.signing_key, no hand-over needed", ErrConfig, opts.Chain)
	case opts.New.ID():
		return nil, fmt.Errorf("%s (key %s, round %d): %w", opts.Chain, manifest.ShortKeyID(cur), own.Round, ErrAlreadyRotated)
	case opts.Old.ID():
	default:
		return nil, fmt.Errorf("%w: --old-key is key %s, but %s is signed with key %s: give the key in force", ErrConfig,
			manifest.ShortKeyID(opts.Old.ID()), opts.Chain, manifest.ShortKeyID(cur))
	}
	now := (&Options{Now: opts.Now}).now()
	entry := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: opts.Pipeline, Kind: manifest.KindSigningKey,
		RunID: newRunID(), StartedAt: now, CommittedAt: now, HostVersion: opts.HostVersion, State: own.State, Current: lake.Snapshot(),
		Streams: []manifest.Stream{}, Files: []manifest.File{}, NextSigningKey: opts.New.Ref()}
	committer := &manifest.Committer{Store: opts.Store, Signer: opts.Old, Now: opts.Now}
	if _, err := committer.Commit(ctx, lake.Next(opts.Chain), entry); err != nil {
		if errors.Is(err, manifest.ErrSigningKey) {
			return nil, fmt.Errorf("%w: %w", ErrConfig, err)
		}
		return entry, err
	}
	return entry, nil
}
