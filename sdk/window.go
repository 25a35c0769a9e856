package sdk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/table"
)

// Window is the time range of a delta query whose first request names one
// and whose tokens pin it: calendarView/delta's startDateTime and
// endDateTime. Graph keeps answering a deltaLink for the window it was
// made with, so moving the window needs a new first round; RunDelta does
// it (see DeltaStream.Window).
type Window struct {
	// Start and End bound the window; events that overlap it are in it.
	Start, End time.Time
}

// query is the window as calendarView's query parameters.
func (w Window) query() string {
	return "startDateTime=" + url.QueryEscape(w.Start.UTC().Format(time.RFC3339)) +
		"&endDateTime=" + url.QueryEscape(w.End.UTC().Format(time.RFC3339))
}

// fingerprint identifies the window in a stream's fingerprint.
func (w Window) fingerprint() string {
	sum := sha256.Sum256([]byte(w.query()))
	return "w" + hex.EncodeToString(sum[:6])
}

// firstURL is the stream's first-round URL: URL, with the window's
// parameters when it has one.
func (s DeltaStream) firstURL() string {
	if s.Window == nil {
		return s.URL
	}
	sep := "?"
	if strings.Contains(s.URL, "?") {
		sep = "&"
	}
	return s.URL + sep + s.Window.query()
}

// windowMoved reports whether a stream's stored fingerprint prev is the
// one of the same query with another window.
func (s DeltaStream) windowMoved(prev string) bool {
	if s.Window == nil {
		return false
	}
	query, window, ok := strings.Cut(s.Fingerprint(), "/")
	prevQuery, prevWindow, prevOK := strings.Cut(prev, "/")
	return ok && prevOK && query == prevQuery && window != prevWindow
}

// catchUp reads the round of a stream's previous deltaLink, whose window
// has since moved, and emits only the removals it reports: events deleted
// before the move are then ended as Graph says (deleted), not as outside
// the new window. Updates are left to the full round of the new window
// that follows (an update of an event outside it must not be written, or
// the host would not see that the event left the window). A failure (say
// the link expired) is not the stream's: the full round follows anyway.
func catchUp(ctx context.Context, req *SyncRequest, emit *Emitter, s DeltaStream, link string, cp *Checkpoint) error {
	var items table.ObjectReader
	var emitErr error
	_, _ = req.Graph.Round(ctx, graph.Query{URL: link, Prefer: s.Prefer}, func(ctx context.Context, p graph.Page) error {
		for _, raw := range p.Items {
			var probe struct {
				Removed json.RawMessage `json:"@removed"`
			}
			if json.Unmarshal(raw, &probe) != nil || probe.Removed == nil {
				continue
			}
			if _, err := emitItem(ctx, emit, s, raw, &items); err != nil {
				if !FailsItsStreamOnly(err) {
					emitErr = err // an item's own failure fails the catch-up, as Graph's do
				}
				return err
			}
			cp.Deletes++
		}
		return nil
	})
	return emitErr
}
