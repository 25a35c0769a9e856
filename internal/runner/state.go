package runner

import (
	"errors"
	"fmt"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/sealed"
	"github.com/graphlake/graphlake/sdk/wire"
)

// streamKey identifies a stream across sources.
type streamKey struct{ source, stream string }

// prior is the committed state the round starts from.
type prior struct {
	round   int64
	hash    string
	streams map[streamKey]manifest.Stream
	links   map[streamKey]string
}

// sealContext binds a sealed deltaLink to its pipeline and stream.
func sealContext(pipeline string, k streamKey) string {
	return pipeline + "\x00" + k.source + "\x00" + k.stream
}

// loadPrior opens the deltaLinks of the latest entry.
func loadPrior(latest *manifest.Committed, pipeline string, box *sealed.Box) (*prior, error) {
	p := &prior{streams: map[streamKey]manifest.Stream{}, links: map[streamKey]string{}}
	if latest == nil {
		return p, nil
	}
	p.round, p.hash = latest.Round, latest.SHA256
	if latest.Pipeline != pipeline {
		return nil, fmt.Errorf("the lake belongs to pipeline %q, not %q: point destination at another folder or rename the pipeline back",
			latest.Pipeline, pipeline)
	}
	for _, s := range latest.Streams {
		k := streamKey{s.Source, s.Stream}
		if s.Status == wire.StatusEnded.String() {
			continue // the stream is gone; the entry that ended it is its last
		}
		p.streams[k] = s
		if s.DeltaLink == "" {
			continue
		}
		link, err := box.Open(s.DeltaLink, sealContext(pipeline, k))
		if errors.Is(err, sealed.ErrWrongKey) {
			return nil, fmt.Errorf("round %d's deltaLink for %s/%s does not open with state.key: the key changed or the manifest was altered. "+
				"Restore the key the lake was written with; nothing was read or written", latest.Round, k.source, k.stream)
		}
		if err != nil {
			return nil, fmt.Errorf("round %d, stream %s/%s: %w", latest.Round, k.source, k.stream, err)
		}
		p.links[k] = link
	}
	return p, nil
}

// statesFor returns a source's stream states for its SyncRequest.
func (p *prior) statesFor(source string) []wire.StreamState {
	var out []wire.StreamState
	for k, s := range p.streams {
		if k.source == source && p.links[k] != "" {
			out = append(out, wire.StreamState{Stream: k.stream, DeltaLink: p.links[k], Fingerprint: s.Fingerprint})
		}
	}
	return out
}
