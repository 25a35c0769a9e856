package calendar

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// streamSuffix ends a mailbox's stream id, "<userId>/calendar": the
// mailbox's user id first, so that a sharded run keeps it in its shard.
const streamSuffix = "/calendar"

// Source syncs calendar events.
type Source struct {
	now func() time.Time // nil: the round's start
}

// New returns the calendar source; it places each round's window from
// the time the host began the round.
func New() *Source { return &Source{} }

// NewWithClock returns the calendar source with windows placed by clock
// instead of the system clock (tests move it with the emulator's).
func NewWithClock(clock func() time.Time) *Source { return &Source{now: clock} }

// Tables implements sdk.Source.
func (*Source) Tables() []table.Table { return []table.Table{Events()} }

// ValidateConfig implements sdk.ConfigValidator.
func (*Source) ValidateConfig(_ context.Context, config []byte) []sdk.Diagnostic {
	_, diags := decode(config)
	return diags
}

// Sync implements sdk.Source: one calendarView delta stream per mailbox,
// cfg.Concurrency mailboxes at once (or the client's adaptive limit), all
// over this round's window. The streams of mailboxes a complete listing
// no longer returns are ended (their rows end with them).
func (s *Source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	cfg, diags := decode(req.Config)
	if sdk.HasErrors(diags) {
		return sdk.DiagnosticsError(diags)
	}
	limited := *req
	limited.Graph = req.Graph.WithLimits(cfg.limits())
	now := req.Started
	if s.now != nil {
		now = s.now()
	} else if now.IsZero() {
		now = time.Now()
	}
	r := &round{cfg: cfg, req: &limited, emit: emit, window: cfg.window(now)}
	g, gctx := errgroup.WithContext(ctx)
	limit := cfg.Concurrency
	if limit == 0 {
		limit = max(1, min(limited.Graph.Concurrency(), 256))
	}
	g.SetLimit(limit)
	seen := map[string]bool{}
	complete, err := r.mailboxes(gctx, func(user string) {
		if !seen[user] && req.Shard.Owns(user) {
			seen[user] = true
			g.Go(func() error { return sdk.RunDelta(gctx, r.req, emit, r.stream(user)) })
		}
	})
	if werr := g.Wait(); werr != nil {
		return werr
	}
	if err != nil || !complete {
		return err
	}
	return r.endGone(seen)
}

// round is one Sync's shared, read-only state.
type round struct {
	cfg    Config
	req    *sdk.SyncRequest
	emit   *sdk.Emitter
	window sdk.Window
}

// stream is a mailbox's calendarView delta stream over the round's
// window. Every row carries the mailbox's user id. A listed mailbox that
// turns out to have none fails its stream; one found by listing the
// tenant's users is skipped.
func (r *round) stream(user string) sdk.DeltaStream {
	userJSON, _ := json.Marshal(user)
	ds := sdk.DeltaStream{ID: user + streamSuffix, Table: EventsTable, Window: &r.window,
		URL:    r.req.Endpoint + "/users/" + url.PathEscape(user) + "/calendarView/delta",
		Prefer: []string{"odata.maxpagesize=" + strconv.Itoa(r.cfg.PageSize)},
		Item: func(_ context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
			obj["userId"] = userJSON
			if err := emit.Object(EventsTable, stream, obj); err != nil {
				return fmt.Errorf("stream %s: %w", stream, err)
			}
			return nil
		}}
	if len(r.cfg.Mailboxes) == 0 {
		ds.Absent = noMailbox
	}
	return ds
}

// endGone ends the streams of mailboxes the last round synced that this
// one's complete listing no longer has (a user deleted, a filter or list
// changed): the host removes their rows (reason "ended").
func (r *round) endGone(seen map[string]bool) error {
	for id := range r.req.Streams {
		user, ok := strings.CutSuffix(id, streamSuffix)
		if !ok || seen[user] {
			continue
		}
		if err := r.emit.EndStream(id); err != nil {
			return err
		}
	}
	return nil
}
