package runner

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/sealed"
	"github.com/graphlake/graphlake/internal/store"
)

// ErrAlreadyRekeyed means every deltaLink already opens with the new key.
var ErrAlreadyRekeyed = errors.New("the state is already sealed with the new key")

// RekeyOptions says which state key replaces which.
type RekeyOptions struct {
	Store store.Store
	// Pipeline is the pipeline's name; the lake must be its.
	Pipeline string
	// OldKey is the key the state is sealed with; NewKey replaces it.
	OldKey, NewKey []byte
	// Signer, when set, signs the entry (see Options.Signer).
	Signer *manifest.Signer
	// HostVersion is recorded in the entry.
	HostVersion string
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// RekeyResult is what Rekey committed.
type RekeyResult struct {
	// Entry is the committed entry, of kind rekey.
	Entry *manifest.Entry
	// Links counts the deltaLinks re-sealed; Streams the streams the new
	// checkpoint holds.
	Links, Streams int
}

// Rekey re-seals every stream's deltaLink under NewKey in a state
// checkpoint of a round of its own (kind rekey), so that the state the
// next round starts from opens with NewKey only. No stream's position
// changes: the next round continues each stream incrementally. Entries
// and checkpoints already committed stay as they are (they are never
// rewritten) and keep the links of their time sealed under OldKey.
func Rekey(ctx context.Context, opts RekeyOptions) (*RekeyResult, error) {
	oldBox, err := sealed.New(opts.OldKey)
	if err != nil {
		return nil, fmt.Errorf("%w: the old state key: %v", ErrConfig, err)
	}
	newBox, err := sealed.New(opts.NewKey)
	if err != nil {
		return nil, fmt.Errorf("%w: state.key: %v", ErrConfig, err)
	}
	chains, err := manifest.Chains(ctx, opts.Store)
	if err != nil {
		return nil, err
	}
	if err := refuseSharded(manifest.Chain{}, chains); err != nil {
		return nil, fmt.Errorf("%w (etl rekey does not handle sharded lakes yet)", err)
	}
	latest, err := manifest.Latest(ctx, opts.Store)
	switch {
	case err != nil:
		return nil, err
	case latest == nil:
		return nil, errors.New("nothing to rekey: the lake has no committed round yet; its first round seals with state.key")
	case latest.Pipeline != opts.Pipeline:
		return nil, fmt.Errorf("the lake belongs to pipeline %q, not %q", latest.Pipeline, opts.Pipeline)
	}
	if err := manifest.CheckSigner(latest, opts.Signer); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	state, err := manifest.LoadState(ctx, opts.Store, latest)
	if err != nil {
		return nil, err
	}
	res := &RekeyResult{Streams: len(state)}
	already := 0
	for _, k := range state.Keys() {
		s := state[k]
		if s.DeltaLink == "" {
			continue
		}
		sc := sealContext(opts.Pipeline, k)
		link, err := oldBox.Open(s.DeltaLink.Text(), sc)
		if errors.Is(err, sealed.ErrWrongKey) {
			if _, err := newBox.Open(s.DeltaLink.Text(), sc); err == nil {
				already++
				continue
			}
			return nil, fmt.Errorf("the deltaLink of %s/%s (round %d) opens with neither the old key nor state.key: give the key the lake was written with; nothing was changed",
				k.Source, k.Stream, s.Round)
		}
		if err != nil {
			return nil, fmt.Errorf("stream %s/%s (round %d): %w", k.Source, k.Stream, s.Round, err)
		}
		resealed, err := newBox.Seal(link, sc)
		if err != nil {
			return nil, err
		}
		s.DeltaLink = manifest.SealedLinkOf(resealed)
		state[k] = s
		res.Links++
	}
	if res.Links == 0 && already > 0 {
		return nil, ErrAlreadyRekeyed
	}
	next := manifest.NextAfter(latest)
	entry := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: opts.Pipeline, Kind: manifest.KindRekey,
		RunID: newRunID(), StartedAt: (&Options{Now: opts.Now}).now(), HostVersion: opts.HostVersion, Current: latest.Current,
		Streams: []manifest.Stream{}, Files: []manifest.File{}}
	next.Fill(entry)
	if entry.State, err = manifest.WriteCheckpoint(ctx, opts.Store, next.Chain, opts.Pipeline, entry.Round, entry.RunID, state); err != nil {
		return nil, err
	}
	committer := &manifest.Committer{Store: opts.Store, Signer: opts.Signer, Now: opts.Now}
	if _, err := committer.Commit(ctx, next, entry); err != nil {
		// Only an error that committed nothing lets the checkpoint go:
		// after another failure the entry may exist (its answer lost),
		// naming the checkpoint; etl gc finds it if not.
		if manifest.NothingCommitted(err) {
			removeCheckpoint(ctx, opts.Store, entry.State)
		}
		if errors.Is(err, manifest.ErrSigningKey) {
			return nil, fmt.Errorf("%w: %w", ErrConfig, err)
		}
		return nil, err
	}
	res.Entry = entry
	return res, nil
}

// removeCheckpoint deletes the checkpoint of a rekey that did not commit.
func removeCheckpoint(ctx context.Context, s store.Store, ref *manifest.StateRef) {
	cctx, cancel := cleanupContext(ctx)
	defer cancel()
	_ = s.Delete(cctx, ref.Path)
}
