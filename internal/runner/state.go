package runner

import (
	"context"
	"errors"
	"fmt"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/sealed"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// prior is the committed state the round starts from.
type prior struct {
	latest *manifest.Committed // this chain's newest entry; nil before its first round
	// state is every stream's newest state, across all chains in a
	// sharded lake (manifest.Merge); own is this chain's, which its
	// checkpoints hold.
	state, own manifest.State
	// lake is every chain's newest entry (sharded runs only).
	lake *manifest.Lake
	// next is the round this run writes.
	next int64
	box  *sealed.Box
	pipe string
}

// snapshot is the newest current-state snapshot, of any chain.
func (p *prior) snapshot() *manifest.CurrentRef {
	if p.lake != nil {
		return p.lake.Snapshot()
	}
	if p.latest == nil {
		return nil
	}
	return p.latest.Current
}

// checkSigner refuses a signer that does not fit the chain (see
// manifest.CheckSigner), or, for a shard's first round, the lake's other
// chains.
func (p *prior) checkSigner(signer *manifest.Signer) error {
	if p.latest == nil && p.lake != nil {
		return manifest.CheckSignerFirst(p.lake.Heads, signer)
	}
	return manifest.CheckSigner(p.latest, signer)
}

// sealContext binds a sealed deltaLink to its pipeline and stream.
func sealContext(pipeline string, k manifest.Key) string {
	return pipeline + "\x00" + k.Source + "\x00" + k.Stream
}

// loadPrior finds the latest round and rebuilds the stream state after it.
// One deltaLink is opened at once, so a wrong state key stops the run
// before any plugin starts; the others open as their source runs.
func loadPrior(ctx context.Context, s store.Store, pipeline string, shard *manifest.Shard, box *sealed.Box) (*prior, error) {
	if shard != nil {
		return loadPriorSharded(ctx, s, pipeline, shard, box)
	}
	latest, err := manifest.Latest(ctx, s)
	if err != nil {
		return nil, err
	}
	if err := refuseSharded(ctx, s); err != nil {
		return nil, err
	}
	p := &prior{latest: latest, box: box, pipe: pipeline, state: manifest.State{}, next: 1}
	if latest == nil {
		p.own = p.state
		return p, nil
	}
	p.next = latest.Round + 1
	if latest.Pipeline != pipeline {
		return nil, fmt.Errorf("the lake belongs to pipeline %q, not %q: point destination at another folder or rename the pipeline back",
			latest.Pipeline, pipeline)
	}
	if p.state, err = manifest.LoadState(ctx, s, latest); err != nil {
		return nil, err
	}
	p.own = p.state
	return p, p.checkKey()
}

// checkKey opens one deltaLink, so that a wrong state key stops the run
// before any plugin starts.
func (p *prior) checkKey() error {
	if keys := p.state.Keys(); len(keys) > 0 {
		if _, err := p.open(keys[0]); err != nil {
			return err
		}
	}
	return nil
}

// open unseals a stream's stored deltaLink ("" when it has none).
func (p *prior) open(k manifest.Key) (string, error) {
	s, ok := p.state[k]
	if !ok || s.DeltaLink == "" {
		return "", nil
	}
	link, err := p.box.Open(s.DeltaLink, sealContext(p.pipe, k))
	if errors.Is(err, sealed.ErrWrongKey) {
		return "", fmt.Errorf("the deltaLink of %s/%s (round %d) does not open with state.key: the key changed or the manifest was altered. "+
			"Restore the key the lake was written with; nothing was read or written", k.Source, k.Stream, s.Round)
	}
	if err != nil {
		return "", fmt.Errorf("stream %s/%s (round %d): %w", k.Source, k.Stream, s.Round, err)
	}
	return link, nil
}

// statesFor returns a source's stream states for its SyncRequest: in a
// sharded source, only those of the streams the shard owns, so that the
// plugin ends only its own streams that disappeared, never another
// shard's.
func (p *prior) statesFor(source string, owns func(stream string) bool) ([]wire.StreamState, error) {
	var out []wire.StreamState
	for k, s := range p.state {
		if k.Source != source || s.DeltaLink == "" || !owns(k.Stream) {
			continue
		}
		link, err := p.open(k)
		if err != nil {
			return nil, err
		}
		out = append(out, wire.StreamState{Stream: k.Stream, DeltaLink: link, Fingerprint: s.Fingerprint})
	}
	return out, nil
}
