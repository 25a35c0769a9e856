package mailbox

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// Stream declares a per-mailbox resource read by one delta stream per
// mailbox, "<userId>/<Name>" (calendar events:
// /users/{id}/calendarView/delta). Every row gets the column userId; a
// mailbox the round no longer lists has its stream ended, which removes
// its rows.
type Stream struct {
	// Name names the stream within a mailbox (e.g. "events").
	Name string
	// Table receives the rows; it should be keyed by (userId, id) with
	// ShardKey "userId".
	Table string
	// Path is the first round's URL after /users/{id}, query included
	// (e.g. "/calendarView/delta?startDateTime=…&endDateTime=…").
	Path string
	// Prefer values are sent on every page (odata.maxpagesize,
	// IdType="ImmutableId", outlook.timezone, …).
	Prefer []string
	// Salt is configuration that changes what the rows mean without being
	// in Path or Prefer (see sdk.DeltaStream.Salt).
	Salt string
	// Item, when set, handles each item (userId already set) instead of
	// emitting it into Table.
	Item func(ctx context.Context, emit *sdk.Emitter, stream string, obj table.Object) error
}

// DeltaStream is the mailbox's stream as sdk.RunDelta runs it: a
// discovered mailbox whose user has no mailbox is absent, not failed.
func (s Stream) DeltaStream(m *Mailbox) sdk.DeltaStream {
	userJSON, _ := json.Marshal(m.User)
	ds := sdk.DeltaStream{ID: m.StreamID(s.Name), Table: s.Table, Prefer: s.Prefer, Salt: s.Salt,
		URL: m.Req.Endpoint + "/users/" + url.PathEscape(m.User) + s.Path,
		Item: func(ctx context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
			obj["userId"] = userJSON
			if s.Item != nil {
				return s.Item(ctx, emit, stream, obj)
			}
			if err := emit.Object(s.Table, stream, obj); err != nil {
				return fmt.Errorf("stream %s: %w", stream, err)
			}
			return nil
		}}
	if m.Discovered {
		ds.Absent = NoMailbox
	}
	return ds
}

// Sync implements Resource: one round of the mailbox's stream.
func (s Stream) Sync(ctx context.Context, m *Mailbox) error {
	return sdk.RunDelta(ctx, m.Req, m.Emit, s.DeltaStream(m))
}

// Sweep implements Resource: the stream ends, and its rows with it.
func (s Stream) Sweep(m *Mailbox) error {
	for _, name := range m.Prior {
		if name == s.Name {
			return m.Emit.EndStream(m.StreamID(s.Name))
		}
	}
	return nil
}

// Fail implements Resource: the stream fails and keeps its deltaLink.
func (s Stream) Fail(m *Mailbox, cause error) error {
	return m.Emit.FailStream(m.StreamID(s.Name), cause)
}
