package runner

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
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
}

// Reset commits a reset entry: the streams of the chosen sources forget
// their deltaLinks, so that the next round reads them in full and deletes
// the rows they no longer return. Nothing is deleted now. The entry is a
// round of its own in the hash chain; like a sync round it loses to a
// concurrent commit with manifest.ErrRoundTaken.
func Reset(ctx context.Context, opts ResetOptions) (*manifest.Entry, error) {
	latest, err := manifest.Latest(ctx, opts.Store)
	if err != nil {
		return nil, err
	}
	if latest == nil {
		return nil, errors.New("nothing to reset: the lake has no committed round yet, and its first round reads everything anyway")
	}
	if latest.Pipeline != opts.Pipeline {
		return nil, fmt.Errorf("the lake belongs to pipeline %q, not %q", latest.Pipeline, opts.Pipeline)
	}
	state, err := manifest.LoadState(ctx, opts.Store, latest)
	if err != nil {
		return nil, err
	}
	now := (&Options{Now: opts.Now}).now()
	entry := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: opts.Pipeline, Round: latest.Round + 1, Kind: manifest.KindReset,
		RunID: newRunID(), StartedAt: now, CommittedAt: now, HostVersion: opts.HostVersion, Previous: latest.SHA256, State: latest.State,
		Files: []manifest.File{}}
	chosen := map[string]bool{}
	for _, s := range opts.Sources {
		chosen[s] = true
	}
	for _, k := range state.Keys() {
		if len(chosen) > 0 && !chosen[k.Source] {
			continue
		}
		s := state[k]
		entry.Streams = append(entry.Streams, manifest.Stream{Source: k.Source, Stream: k.Stream, Fingerprint: s.Fingerprint,
			StartLinkSHA256: s.EndLinkSHA256, Status: manifest.StatusReset, Reason: "etl reset"})
	}
	if len(entry.Streams) == 0 {
		return nil, fmt.Errorf("no stream of %s has committed state to reset", describeSources(opts.Sources))
	}
	hash, err := manifest.Commit(ctx, opts.Store, entry)
	if err != nil {
		return nil, err
	}
	// HEAD is a hint: a failure to move it only makes the next start-up
	// probe one round further.
	_ = manifest.WriteHead(ctx, opts.Store, &manifest.Committed{Entry: *entry, SHA256: hash})
	return entry, nil
}

func describeSources(sources []string) string {
	if len(sources) == 0 {
		return "the pipeline"
	}
	return "source " + strings.Join(sources, ", ")
}
