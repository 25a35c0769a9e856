package calendar

import (
	"context"
	"strconv"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/mailbox"
	"github.com/graphlake/graphlake/sdk/table"
)

// streamName names a mailbox's stream, "<userId>/calendar".
const streamName = "calendar"

// Source syncs calendar events.
type Source struct {
	now func() time.Time // nil: the round's start
}

// New returns the calendar source; it places each round's window from
// the time the host began the round.
func New() *Source { return &Source{} }

// NewWithClock returns the calendar source with windows placed by clock
// instead of the round's start (tests move it with the emulator's).
func NewWithClock(clock func() time.Time) *Source { return &Source{now: clock} }

// Tables implements sdk.Source.
func (*Source) Tables() []table.Table { return []table.Table{Events()} }

// ValidateConfig implements sdk.ConfigValidator.
func (*Source) ValidateConfig(_ context.Context, config []byte) []sdk.Diagnostic {
	_, diags := decode(config)
	return diags
}

// Sync implements sdk.Source: one calendarView delta stream per mailbox
// over this round's window, the mailboxes found, pooled, limited and
// swept by package mailbox.
func (s *Source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	cfg, diags := decode(req.Config)
	if sdk.HasErrors(diags) {
		return sdk.DiagnosticsError(diags)
	}
	now := req.Started
	if s.now != nil {
		now = s.now()
	} else if now.IsZero() {
		now = time.Now()
	}
	return mailbox.Run(ctx, req, emit, cfg.Settings, events{window: cfg.window(now), Stream: mailbox.Stream{
		Name: streamName, Table: EventsTable, Path: "/calendarView/delta",
		Prefer: []string{"odata.maxpagesize=" + strconv.Itoa(cfg.PageSize)}}})
}

// events is a mailbox's calendarView delta stream over the round's
// window (see sdk.DeltaStream.Window): the window's parameters are added
// to the first round's URL, and a moved window reads the new one in full.
type events struct {
	mailbox.Stream
	window sdk.Window
}

// Sync implements mailbox.Resource.
func (e events) Sync(ctx context.Context, m *mailbox.Mailbox) error {
	ds := e.DeltaStream(m)
	ds.Window = &e.window
	return sdk.RunDelta(ctx, m.Req, m.Emit, ds)
}
