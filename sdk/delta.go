package sdk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/table"
)

// DeltaStream describes one delta query: where its first round starts and
// what becomes of its items.
type DeltaStream struct {
	// ID names the stream; unique within the source (e.g. "users", or
	// "mailbox/folder").
	ID string
	// Table receives the items unless Item is set.
	Table string
	// URL is the first round's URL, query included (without the window's
	// parameters: see Window).
	URL string
	// Window, when set, is the time window the first round names
	// (startDateTime and endDateTime, appended to URL) and the stream's
	// deltaLink pins. It is part of the fingerprint apart from the query:
	// when only the window moved since the deltaLink was made, the round
	// reads the stored deltaLink once more for the deletions it reports
	// (a catch-up), then reads the new window in full, with the
	// checkpoint reason ReasonWindowMoved; the host then ends the rows the
	// stream held that the new window does not return with
	// RemovedOutsideWindow, not as deletions.
	Window *Window
	// Prefer values are sent on every page.
	Prefer []string
	// Salt is configuration that changes what the stream's rows mean
	// without being in URL or Prefer (e.g. a folder filter): it is part of
	// the fingerprint, so changing it reads the stream again in full.
	Salt string
	// Absent, when set, judges whether a Graph error means that the thing
	// the stream reads does not exist at all (a user without a mailbox),
	// rather than that the stream failed. It is asked only of a stream with
	// no deltaLink whose round failed before its first page; when it says
	// yes, no checkpoint is sent (the stream is not recorded) and
	// DeltaOutcome.Absent is set.
	Absent func(err error) bool
	// HoldCheckpoint makes RunDeltaOutcome return the stream's checkpoint
	// in DeltaOutcome.Checkpoint without sending it. The caller must send it
	// later with Emitter.Release, or Emitter.ReleaseFailed when work that
	// depends on the stream failed (a folders stream whose new folders'
	// first messages rounds failed keeps its old deltaLink, so the folders
	// are new again next round). Rows are sent as they are read either way.
	HoldCheckpoint bool
	// RoundCap, when set, is the most items Graph returns in one round of
	// the stream's query, whatever the collection holds, and without
	// saying so: a message delta filtered by receivedDateTime returns at
	// most 5,000 (GRAPH-DELTA.md §2.5, §6.18). A round that returns that
	// many sends a warning, naming RoundCapFix, that it may have been cut
	// short; its rows and deltaLink are kept.
	RoundCap int64
	// RoundCapFix is what the warning tells the user to do.
	RoundCapFix string
	// Item, when set, handles each item instead of emitting it into Table;
	// a source with relationship tables (members@delta) uses it. obj is
	// reused: it and its values are valid only during the call (it may be
	// changed, and emitted with Emitter.Object).
	Item func(ctx context.Context, emit *Emitter, stream string, obj table.Object) error
}

// Fingerprint identifies the stream's query: a deltaLink made for another
// query is not reused.
func (s DeltaStream) Fingerprint() string {
	prefer := s.Prefer
	if !slices.IsSorted(prefer) {
		// A few values are sorted in an array on the stack: a sorted copy
		// on the heap, twice per mail stream, was 2% of the mail plugin's
		// allocations in an incremental round.
		var small [8]string
		if len(prefer) <= len(small) {
			prefer = small[:copy(small[:], prefer)]
			slices.Sort(prefer)
		} else {
			prefer = slices.Sorted(slices.Values(prefer))
		}
	}
	// The text hashed: URL, "\n", the sorted Prefer values joined by
	// "\n", and "\n\x00" and Salt when there is one. It is built in a
	// buffer on the stack when it fits: every stream of a round computes
	// its fingerprint, a mail stream twice.
	text := make([]byte, 0, 512)
	text = append(append(text, s.URL...), '\n')
	for i, p := range prefer {
		if i > 0 {
			text = append(text, '\n')
		}
		text = append(text, p...)
	}
	if s.Salt != "" {
		text = append(append(text, "\n\x00"...), s.Salt...)
	}
	sum := sha256.Sum256(text)
	if s.Window != nil {
		return hex.EncodeToString(sum[:12]) + "/" + s.Window.fingerprint()
	}
	return hex.EncodeToString(sum[:12])
}

// RunDelta runs one round of a delta stream: from its stored deltaLink when
// the query is unchanged, else from URL. Items become rows; the stream ends
// with a checkpoint that says ok (with the new deltaLink), resync required,
// or failed. Only an error emitting rows to the host is returned: a Graph
// failure is the stream's, not the round's.
func RunDelta(ctx context.Context, req *SyncRequest, emit *Emitter, s DeltaStream) error {
	_, err := RunDeltaOutcome(ctx, req, emit, s)
	return err
}

// DeltaOutcome is how a stream's round ended.
type DeltaOutcome struct {
	// Checkpoint is the stream's checkpoint: sent, or held for the caller
	// to send (Held).
	Checkpoint Checkpoint
	// Err is the Graph error behind a failed or resync_required checkpoint
	// (branch on it with errors.As and *graph.APIError); nil when ok.
	Err error
	// Absent means DeltaStream.Absent recognised Err: the stream's source
	// does not exist, and no checkpoint was sent or is to be sent.
	Absent bool
	// Held means the checkpoint was not sent (DeltaStream.HoldCheckpoint):
	// send it with Emitter.Release or Emitter.ReleaseFailed.
	Held bool
}

// OK reports whether the stream's round completed (its checkpoint carries
// the new deltaLink).
func (o DeltaOutcome) OK() bool { return !o.Absent && o.Checkpoint.Status == StatusOK }

// Failed reports whether the stream failed (it keeps its previous
// deltaLink).
func (o DeltaOutcome) Failed() bool { return !o.Absent && o.Checkpoint.Status == StatusFailed }

// RunDeltaOutcome is RunDelta that also returns how the stream ended, for
// sources whose next steps depend on it (a mailbox's folders stream
// decides which message streams run).
func RunDeltaOutcome(ctx context.Context, req *SyncRequest, emit *Emitter, s DeltaStream) (DeltaOutcome, error) {
	fp := s.Fingerprint()
	cp := Checkpoint{Stream: s.ID, Fingerprint: fp, Mode: ModeInitial}
	start := s.firstURL()
	if prev, ok := req.Streams.Get(s.ID); ok && prev.DeltaLink != "" {
		switch {
		case prev.Fingerprint == fp:
			cp.Mode, start = ModeIncremental, prev.DeltaLink
		case s.windowMoved(prev.Fingerprint):
			cp.Mode, cp.Reason = ModeResync, ReasonWindowMoved
			if err := catchUp(ctx, req, emit, s, prev.DeltaLink, &cp); err != nil {
				return DeltaOutcome{Checkpoint: cp}, err
			}
		default:
			cp.Mode, cp.Reason = ModeResync, ReasonQueryChanged
			if err := emit.Warn(s.ID, "Query changed: full round", "The stream's $select, $filter or Prefer differ from the ones its deltaLink was made with, so this round reads everything again; the host then deletes the rows it no longer returns."); err != nil {
				return DeltaOutcome{Checkpoint: cp}, err
			}
		}
	}
	link, err, emitErr := runRound(ctx, req, emit, s, start, &cp)
	var resync *graph.ResyncError
	if emitErr == nil && cp.Mode == ModeIncremental && errors.As(err, &resync) {
		// Graph discarded the sync state: read everything again now, from
		// the stream's own first URL. A 410's Location (a sync reset, on
		// Graph's own origin: the client refuses any other) is not used as
		// given: it may lack the query's $select and $filter, and the round
		// would read other properties or the whole tenant under the same
		// fingerprint. Deletions made in the gap are never announced; the
		// host finds them (the ids the lake holds that this full round does
		// not return).
		cp.Mode, cp.Reason = ModeResync, resyncReason(resync)
		if err := emit.Warn(s.ID, "Graph discarded the sync state: full round", cp.Reason+"; this round reads everything again, then the host deletes the rows it no longer returns."); err != nil {
			return DeltaOutcome{Checkpoint: cp}, err
		}
		link, err, emitErr = runRound(ctx, req, emit, s, s.firstURL(), &cp)
	}
	switch {
	case emitErr != nil:
		return DeltaOutcome{Checkpoint: cp}, emitErr
	case err == nil:
		cp.Status, cp.DeltaLink = StatusOK, link
	case graph.IsResync(err):
		cp.Status, cp.Error = StatusResyncRequired, err.Error()
	case ctx.Err() != nil:
		return DeltaOutcome{Checkpoint: cp}, fmt.Errorf("stream %s: %w", s.ID, ctx.Err())
	case s.Absent != nil && cp.Pages == 0 && !req.Streams.hasLink(s.ID) && s.Absent(err):
		return DeltaOutcome{Checkpoint: cp, Err: err, Absent: true}, nil
	default:
		cp.Status, cp.Error = StatusFailed, err.Error()
	}
	if s.RoundCap > 0 && cp.Status == StatusOK && cp.Upserts+cp.Deletes >= s.RoundCap {
		if err := emit.Warn(s.ID, "Round may be cut short at Graph's cap", fmt.Sprintf(
			"This round returned %d items, the most Graph returns for the stream's query (%d), and Graph does not say whether it left items out: the lake may lack some. %s",
			cp.Upserts+cp.Deletes, s.RoundCap, s.RoundCapFix)); err != nil {
			return DeltaOutcome{Checkpoint: cp}, err
		}
	}
	if s.HoldCheckpoint {
		return DeltaOutcome{Checkpoint: cp, Err: err, Held: true}, nil
	}
	return DeltaOutcome{Checkpoint: cp, Err: err}, emit.Checkpoint(cp)
}

// runRound reads one delta round from start, emitting every page. It
// returns the deltaLink, Graph's error, and the error emitting to the host
// (which ends the round for every stream).
func runRound(ctx context.Context, req *SyncRequest, emit *Emitter, s DeltaStream, start string, cp *Checkpoint) (link string, err, emitErr error) {
	var items table.ObjectReader
	ctx = withRoundKind(ctx, cp.Mode != ModeIncremental)
	link, err = req.Graph.Round(ctx, graph.Query{URL: start, Prefer: s.Prefer}, func(ctx context.Context, p graph.Page) error {
		err := emitPage(ctx, emit, s, p, cp, &items)
		if !FailsItsStreamOnly(err) {
			// An item too large to send, or that cannot become a row,
			// fails this stream only, as Graph's errors do; other emit
			// errors end the round.
			emitErr = err
		}
		return err
	})
	return link, err, emitErr
}

// resyncReason names Graph's reason for discarding a sync state.
func resyncReason(e *graph.ResyncError) string {
	code := e.Code
	if code == "" {
		code = "no error code"
	}
	if e.Location != "" {
		return fmt.Sprintf("Graph discarded the sync state (%d %s, a reset with a Location; restarted from the stream's own first-round URL)", e.Status, code)
	}
	return fmt.Sprintf("Graph discarded the sync state (%d %s)", e.Status, code)
}

func emitPage(ctx context.Context, emit *Emitter, s DeltaStream, p graph.Page, cp *Checkpoint, items *table.ObjectReader) error {
	cp.Pages++
	count := func(removed bool) {
		if removed {
			cp.Deletes++
		} else {
			cp.Upserts++
		}
	}
	if s.Item == nil {
		// The page's items go straight into the table, under one lock.
		if err := emit.pageItems(s.Table, s.ID, p.Items, count); err != nil {
			return fmt.Errorf("stream %s: %w", s.ID, err)
		}
	} else {
		for _, raw := range p.Items {
			removed, err := emitItem(ctx, emit, s, raw, items)
			if err != nil {
				return err
			}
			count(removed)
		}
	}
	if len(p.Items) == 0 {
		// Nothing to report: most streams of an incremental round are one
		// empty page, and the checkpoint that follows carries the counts.
		return nil
	}
	return emit.Progress(s.ID, cp.Pages, cp.Upserts+cp.Deletes)
}

// emitItem emits one item of a page. The page was validated whole, so the
// item is read in place, without decoding or copying its values: straight
// into the table's columns, or through items for the stream's Item hook.
func emitItem(ctx context.Context, emit *Emitter, s DeltaStream, raw json.RawMessage, items *table.ObjectReader) (removed bool, err error) {
	if s.Item == nil {
		err := emit.pageItems(s.Table, s.ID, []json.RawMessage{raw}, func(r bool) { removed = r })
		if err != nil {
			return removed, fmt.Errorf("stream %s: %w", s.ID, err)
		}
		return removed, nil
	}
	obj, err := items.Read(raw)
	if err != nil {
		return false, fmt.Errorf("stream %s: %w", s.ID, itemFault(err))
	}
	_, removed = obj["@removed"]
	return removed, s.Item(ctx, emit, s.ID, obj)
}
