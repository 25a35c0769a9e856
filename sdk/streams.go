package sdk

import (
	"context"
	"fmt"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/table"
)

// RunStreams runs one round of each stream, in order. Streams of the
// request's previous state that streams no longer names (an id list or
// the query's shape changed) are ended first: a last incremental round
// from their deltaLink, whose items are handled as the first stream's are,
// reports what changed since (deletions above all, which the new streams'
// full rounds cannot see), then a StatusEnded checkpoint makes the host
// forget the deltaLink. The streams must handle their items alike, as the
// streams of one DirectoryQuery do.
func RunStreams(ctx context.Context, req *SyncRequest, emit *Emitter, streams []DeltaStream) error {
	if len(streams) == 0 {
		return nil
	}
	current := make(map[string]bool, len(streams))
	for _, s := range streams {
		current[s.ID] = true
	}
	var stale []string
	for id := range req.Streams.IDs() {
		if !current[id] {
			stale = append(stale, id)
		}
	}
	for _, id := range stale {
		if err := endStream(ctx, req, emit, streams[0], id); err != nil {
			return err
		}
	}
	for _, s := range streams {
		if err := RunDelta(ctx, req, emit, s); err != nil {
			return err
		}
	}
	return nil
}

// endStream runs a stream's last round from its deltaLink, handling items
// as like does, and ends it.
func endStream(ctx context.Context, req *SyncRequest, emit *Emitter, like DeltaStream, id string) error {
	prev, _ := req.Streams.Get(id)
	s := like
	s.ID = id
	cp := Checkpoint{Stream: id, Status: StatusEnded, Fingerprint: prev.Fingerprint, Mode: ModeIncremental}
	var emitErr error
	var items table.ObjectReader
	_, err := req.Graph.Round(ctx, graph.Query{URL: prev.DeltaLink, Prefer: s.Prefer}, func(ctx context.Context, p graph.Page) error {
		err := emitPage(ctx, emit, s, p, &cp, &items)
		if !FailsItsStreamOnly(err) {
			emitErr = err // an item's own failure fails the last round, as Graph's do
		}
		return err
	})
	switch {
	case emitErr != nil:
		return emitErr
	case err != nil && ctx.Err() != nil:
		return fmt.Errorf("end stream %s: %w", id, ctx.Err())
	case err != nil:
		cp.Error = err.Error()
		if err := emit.Warn(id, "Stream ended without its last changes",
			"The stream is no longer configured, and its last round failed, so changes (deletions above all) since its previous round may be missing from the lake: "+err.Error()); err != nil {
			return err
		}
	}
	return emit.Checkpoint(cp)
}
