package runner

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/sealed"
	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/wire"
)

// commit writes the round's manifest entry: the commit. Streams that did
// not run keep their state; a failed stream keeps its old deltaLink.
func (r *round) commit(ctx context.Context, box *sealed.Box, files []parquetout.File) (*Result, error) {
	p := r.opts.Pipeline
	entry := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: p.Name, Round: r.number, Kind: manifest.KindSync,
		RunID: r.runID, StartedAt: r.started, HostVersion: r.opts.HostVersion, Previous: r.prior.hash}
	res := &Result{}
	var ran, failed int
	for _, k := range r.streamKeys() {
		s, err := r.streamEntry(box, k)
		if err != nil {
			return nil, err
		}
		switch s.Status {
		case wire.StatusFailed.String():
			failed++
			res.Failed = append(res.Failed, s)
		case manifest.StatusCarried:
		default:
			ran++
		}
		entry.Streams = append(entry.Streams, s)
	}
	if ran == 0 && failed > 0 {
		return nil, fmt.Errorf("round %d failed, nothing committed: every stream failed: %s", r.number, failedSummary(res.Failed))
	}
	for _, f := range files {
		entry.Files = append(entry.Files, manifest.File{Table: f.Table, Path: f.Path, Rows: f.Rows, Bytes: f.Bytes, SHA256: f.SHA256})
	}
	entry.CommittedAt = r.opts.now()
	if _, err := manifest.Commit(ctx, r.opts.Store, entry); err != nil {
		return nil, err
	}
	r.opts.Logger.Info("round committed", "round", r.number, "rows", entry.Rows(), "files", len(entry.Files), "failed_streams", failed)
	res.Entry = entry
	return res, nil
}

// streamKeys lists every stream known before or seen in this round, sorted.
func (r *round) streamKeys() []streamKey {
	seen := map[streamKey]bool{}
	for k := range r.prior.streams {
		seen[k] = true
	}
	for k := range r.checkpoints {
		seen[k] = true
	}
	keys := make([]streamKey, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].source != keys[j].source {
			return keys[i].source < keys[j].source
		}
		return keys[i].stream < keys[j].stream
	})
	return keys
}

// streamEntry is a stream's manifest record for this round.
func (r *round) streamEntry(box *sealed.Box, k streamKey) (manifest.Stream, error) {
	prev, hadPrev := r.prior.streams[k]
	startLink := r.prior.links[k]
	cp, ran := r.checkpoints[k]
	if !ran {
		prev.Status, prev.Pages, prev.Upserts, prev.Deletes, prev.Error, prev.Mode = manifest.StatusCarried, 0, 0, 0, "", ""
		prev.StartLinkSHA256 = prev.EndLinkSHA256
		return prev, nil
	}
	s := manifest.Stream{Source: k.source, Stream: k.stream, Mode: cp.Mode, Fingerprint: cp.Fingerprint,
		Pages: cp.Pages, Upserts: cp.Upserts, Deletes: cp.Deletes, Status: cp.Status.String(), Error: cp.Error}
	if startLink != "" && cp.Mode == "incremental" {
		s.StartLinkSHA256 = graph.LinkHash(startLink)
	}
	switch cp.Status {
	case wire.StatusOK:
		sealedLink, err := box.Seal(cp.DeltaLink, sealContext(r.opts.Pipeline.Name, k))
		if err != nil {
			return s, err
		}
		s.DeltaLink, s.EndLinkSHA256 = sealedLink, graph.LinkHash(cp.DeltaLink)
	case wire.StatusFailed:
		if hadPrev {
			s.DeltaLink, s.EndLinkSHA256, s.Fingerprint = prev.DeltaLink, prev.EndLinkSHA256, prev.Fingerprint
		}
	}
	return s, nil
}

func failedSummary(streams []manifest.Stream) string {
	var parts []string
	for _, s := range streams {
		parts = append(parts, fmt.Sprintf("%s/%s: %s", s.Source, s.Stream, s.Error))
	}
	return strings.Join(parts, "; ")
}
