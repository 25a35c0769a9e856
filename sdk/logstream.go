package sdk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// LogStream describes one round of a log: a Graph collection of events
// that has no delta query (/auditLogs/signIns, /auditLogs/directoryAudits)
// and is read by a time cursor (see TimeCursor) kept in the stream's
// checkpoint. Each event is written once, into an append-only table.
type LogStream struct {
	// ID names the stream, e.g. "signIns".
	ID string
	// Table receives the events.
	Table string
	// Path is the collection's path after the endpoint, e.g.
	// "auditLogs/signIns".
	Path string
	// TimeProperty is the event time $filter compares, e.g.
	// "createdDateTime".
	TimeProperty string
	// Filter, when set, is ANDed with the time filter (e.g.
	// "status/errorCode ne 0"); it is part of the fingerprint.
	Filter string
	// Top is the page size ($top); 0 leaves Graph's default.
	Top int
	// LookBack is how far back the first round reads.
	LookBack time.Duration
	// Overlap is how far before the newest event recorded each round
	// starts again, to catch events Graph shows late (see TimeCursor).
	Overlap time.Duration
	// Now is the clock of the first round's look-back (time.Now when nil).
	Now func() time.Time
}

// Fingerprint identifies the stream's query: its path and filter. The
// cursor is kept when it changes (an append-only log is not read again),
// with a warning that the change applies from now on.
func (s LogStream) Fingerprint() string {
	sum := sha256.Sum256([]byte("log\x00" + s.Path + "\x00" + s.TimeProperty + "\x00" + s.Filter))
	return hex.EncodeToString(sum[:12])
}

// URL is the round's first page: events at or after from, $top when set.
func (s LogStream) URL(endpoint string, from time.Time) string {
	filter := s.TimeProperty + " ge " + from.UTC().Format(time.RFC3339)
	if s.Filter != "" {
		filter = "(" + s.Filter + ") and " + filter
	}
	// Spaces as %20, never "+": OData reads the query as text.
	u := endpoint + "/" + s.Path + "?$filter=" + strings.ReplaceAll(url.QueryEscape(filter), "+", "%20")
	if s.Top > 0 {
		u += "&$top=" + strconv.Itoa(s.Top)
	}
	return u
}

// maxEventLead is how far ahead of the clock an event's time may move a
// log's cursor: a little clock skew between Graph and this machine.
const maxEventLead = time.Minute

// RunLog runs one round of a log stream: it lists the events from the
// cursor's From (the stored cursor, or Now minus LookBack in the first
// round), writes those the cursor has not seen, and ends the stream with
// a checkpoint whose DeltaLink is the new cursor.
//
// A round that fails before writing anything fails the stream (its
// cursor stays). One that fails after writing events still ends ok, with
// a cursor that keeps From and remembers what was written, and a
// warning: the host commits the events written, so the next round must
// skip them and read the rest. Only an error emitting to the host is
// returned.
func RunLog(ctx context.Context, req *SyncRequest, emit *Emitter, s LogStream) error {
	fp := s.Fingerprint()
	cp := Checkpoint{Stream: s.ID, Fingerprint: fp, Mode: ModeInitial}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	cur := NewTimeCursor(now().Add(-s.LookBack))
	if prev, ok := req.Streams.Get(s.ID); ok && prev.DeltaLink != "" {
		// Always incremental: a full round would make the host delete the
		// events the log no longer returns (older than its retention).
		cp.Mode = ModeIncremental
		stored, err := ParseTimeCursor(prev.DeltaLink)
		if err != nil {
			return emit.FailStream(s.ID, fmt.Errorf("stream %s: the stored state is not a time cursor (%v); "+
				"the stream was written by another plugin or version: reset it (etl reset) to read the log again from the look-back", s.ID, err))
		}
		cur = stored
		if prev.Fingerprint != fp {
			if err := emit.Warn(s.ID, "Log filter changed", "The stream's filter differs from the one of earlier rounds; "+
				"it applies to events from the cursor on, and the events already in the lake stay as they are."); err != nil {
				return err
			}
		}
	}
	from := cur.From
	var items table.ObjectReader
	var emitErr error
	err := req.Graph.List(ctx, graph.Query{URL: s.URL(req.Endpoint, from)}, func(ctx context.Context, p graph.Page) error {
		cp.Pages++
		for _, raw := range p.Items {
			obj, err := items.Read(raw)
			if err != nil {
				return fmt.Errorf("stream %s: %w", s.ID, err)
			}
			id, at, err := logEvent(obj, s.TimeProperty)
			if err != nil {
				return fmt.Errorf("stream %s: %w", s.ID, err)
			}
			// An event dated ahead of the clock is written as Graph sent
			// it, but moves the cursor only to the present: the cursor
			// never moves back, and from a date in the future every later
			// round would find nothing. Reading a little more again is
			// safe (the cursor skips what it recorded).
			if lead := now().Add(maxEventLead); at.After(lead) {
				at = lead
			}
			if cur.Seen(id) {
				continue
			}
			if err := emit.Object(s.Table, s.ID, obj); err != nil {
				// Not recorded: an event too large for one message to the
				// host stops the round here, as it fails a delta stream,
				// and is read again next round.
				if !FailsItsStreamOnly(err) {
					emitErr = err
				}
				return fmt.Errorf("stream %s: %w", s.ID, err)
			}
			cur.Record(id, at)
			cp.Upserts++
		}
		if err := emit.Progress(s.ID, cp.Pages, cp.Upserts); err != nil {
			emitErr = err
			return err
		}
		return nil
	})
	switch {
	case emitErr != nil:
		return emitErr
	case err != nil && ctx.Err() != nil:
		return fmt.Errorf("stream %s: %w", s.ID, ctx.Err())
	case err != nil && cp.Upserts == 0:
		cp.Status, cp.Error = StatusFailed, err.Error()+licenceHint(err)
		return emit.Checkpoint(cp)
	case err != nil:
		if err := emit.Warn(s.ID, "Log read in part", fmt.Sprintf("The round stopped after %d new events: %v. "+
			"They are recorded with the cursor, which keeps its start, so the next round reads the rest and skips them.", cp.Upserts, err)); err != nil {
			return err
		}
	default:
		cur.Advance(s.Overlap)
	}
	cp.Status, cp.DeltaLink = StatusOK, cur.Encode()
	return emit.Checkpoint(cp)
}

// logEvent reads an event's id and time.
func logEvent(obj table.Object, timeProperty string) (id string, at time.Time, err error) {
	if err := json.Unmarshal(obj["id"], &id); err != nil || id == "" {
		return "", time.Time{}, fmt.Errorf("an event without an id string")
	}
	var text string
	if err := json.Unmarshal(obj[timeProperty], &text); err != nil {
		return "", time.Time{}, fmt.Errorf("event %s: no %s string", wire.Printable(id), timeProperty)
	}
	if at, err = time.Parse(time.RFC3339Nano, text); err != nil {
		return "", time.Time{}, fmt.Errorf("event %s: %s %q is not an RFC 3339 time", wire.Printable(id), timeProperty, text)
	}
	return id, at, nil
}

// nonPremiumCode is Graph's error code for a tenant without the licence
// its activity logs need (sign-ins: Microsoft Entra ID P1 or P2).
const nonPremiumCode = "Authentication_RequestFromNonPremiumTenantOrB2CTenant"

// licenceHint names the fix of a licence error, or is "".
func licenceHint(err error) string {
	var api *graph.APIError
	if errors.As(err, &api) && api.Code == nonPremiumCode {
		return " (the tenant lacks the Microsoft Entra ID P1 or P2 licence this log needs: license the tenant, or leave the log out of the source's logs)"
	}
	return ""
}
