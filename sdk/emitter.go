package sdk

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// maxBatchRows caps a batch's rows whatever their size.
const maxBatchRows = 64 << 10

// Emitter turns rows into record batches and sends a round's events to the
// host in order. It is safe for concurrent use; a stream's checkpoint goes
// out only after every row emitted before it.
type Emitter struct {
	*emitterState
	// holds, when set, make every emit wait for their decisions (Held).
	holds []*Hold
}

// emitterState is what an Emitter and the views of it that Held returns
// share: the round's batches and the one path to the host.
type emitterState struct {
	mu        sync.Mutex
	send      func(wire.Event) error
	builders  map[string]*table.Builder
	round     int64
	syncedAt  time.Time
	seq       int64
	flushSize int
}

// newEmitter returns an emitter for one round; flush cuts batches at about
// a quarter of maxBatchBytes (wire.DefaultMaxBatchBytes when not set),
// leaving room for the estimate's error.
func newEmitter(tables []table.Table, round int64, syncedAt time.Time, maxBatchBytes int64, send func(wire.Event) error) *Emitter {
	if maxBatchBytes <= 0 {
		maxBatchBytes = wire.DefaultMaxBatchBytes
	}
	e := &Emitter{emitterState: &emitterState{send: send, builders: make(map[string]*table.Builder, len(tables)), round: round,
		syncedAt: syncedAt, flushSize: int(maxBatchBytes / 4)}}
	for _, t := range tables {
		e.builders[t.Name] = table.NewBuilder(memory.DefaultAllocator, t)
	}
	return e
}

// Item emits one Graph item into a table: an upsert, or a tombstone when the
// item carries @removed. An item too large for one message to the host
// is refused with a *RowTooLargeError.
func (e *Emitter) Item(tableName, stream string, raw json.RawMessage) error {
	size := int64(len(raw))
	return e.append(tableName, stream, size, func() string { return rawID(raw) },
		func(b *table.Builder, m table.Meta) error { return b.AppendRaw(raw, m) })
}

// pageItems emits the items of a graph.Page, which the Graph client has
// validated, into one table, each read straight into the table's columns
// (table.Builder's AppendItem), under one lock for the page; counted is
// told of each item in order, removed for a tombstone. The first item
// refused ends the page with its error.
func (e *Emitter) pageItems(tableName, stream string, items []json.RawMessage, counted func(removed bool)) error {
	if len(items) == 0 {
		return nil // an empty page waits for no hold
	}
	return e.withBuilder(tableName, func(b *table.Builder) error {
		for _, raw := range items {
			m, err := e.makeRoom(b, tableName, stream, int64(len(raw)), func() string { return rawID(raw) })
			if err != nil {
				return err
			}
			removed, err := b.AppendItem(raw, m)
			if err != nil {
				return itemFault(err)
			}
			if err := e.flushIfFull(tableName, b); err != nil {
				return err
			}
			counted(removed)
		}
		return nil
	})
}

// Object emits one decoded item into a table. An item too large for one
// message to the host is refused with a *RowTooLargeError.
func (e *Emitter) Object(tableName, stream string, obj table.Object) error {
	var size int64
	for k, v := range obj {
		size += int64(len(k) + len(v))
	}
	return e.append(tableName, stream, size, func() string { return rawID(obj["id"]) },
		func(b *table.Builder, m table.Meta) error { return b.Append(obj, m) })
}

// Tombstone emits a deletion of the row with the given key values.
func (e *Emitter) Tombstone(tableName, stream string, key map[string]string, reason string) error {
	return e.append(tableName, stream, 0, nil, func(b *table.Builder, m table.Meta) error { return b.AppendTombstone(key, reason, m) })
}

// append adds one row of about size bytes (its JSON) to a table's batch.
// A row too large for a message fails with a *RowTooLargeError (id names
// it); a large one goes out in a batch of its own.
func (e *Emitter) append(tableName, stream string, size int64, id func() string, add func(*table.Builder, table.Meta) error) error {
	return e.withBuilder(tableName, func(b *table.Builder) error {
		m, err := e.makeRoom(b, tableName, stream, size, id)
		if err != nil {
			return err
		}
		if err := add(b, m); err != nil {
			return itemFault(err)
		}
		return e.flushIfFull(tableName, b)
	})
}

// withBuilder waits for e's holds, then runs do with a declared table's
// builder under e.mu.
func (e *Emitter) withBuilder(tableName string, do func(*table.Builder) error) error {
	if err := e.held(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	b, ok := e.builders[tableName]
	if !ok {
		return fmt.Errorf("emit into table %q: the source does not declare it", tableName)
	}
	return do(b)
}

// makeRoom readies b for a row of about size bytes of a stream and
// returns the row's meta: a row too large for a message is a
// *RowTooLargeError (id names it), and the rows pending go out first when
// it is large enough to travel alone. The caller holds e.mu.
func (e *Emitter) makeRoom(b *table.Builder, tableName, stream string, size int64, id func() string) (table.Meta, error) {
	if size > wire.MaxRowBytes {
		return table.Meta{}, &RowTooLargeError{Table: tableName, Stream: stream, ID: id(), Bytes: size, Limit: wire.MaxRowBytes}
	}
	if b.Len() > 0 && size > int64(e.flushSize/2) {
		// Send what is pending first: the large row travels alone.
		if err := e.flushLocked(tableName, b); err != nil {
			return table.Meta{}, err
		}
	}
	e.seq++
	return table.Meta{Round: e.round, Seq: e.seq, SyncedAt: e.syncedAt, Stream: stream}, nil
}

// flushIfFull sends b's batch once it is large enough; the caller holds
// e.mu.
func (e *Emitter) flushIfFull(tableName string, b *table.Builder) error {
	if b.EstimatedBytes() >= e.flushSize || b.Len() >= maxBatchRows {
		return e.flushLocked(tableName, b)
	}
	return nil
}

// Checkpoint ends a stream's part of the round after flushing every
// pending row. A checkpoint the host would refuse (wire.CheckCheckpoint:
// say, Graph's deltaLink over wire.MaxDeltaLinkBytes) fails its stream
// instead, with a message saying why, and its texts are cut to
// wire.MaxTextBytes: the other streams go on.
func (e *Emitter) Checkpoint(cp wire.Checkpoint) error {
	if err := e.held(); err != nil {
		return err
	}
	keepRecordable(&cp)
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.flushAllLocked(); err != nil {
		return err
	}
	return e.send(&cp)
}

// keepRecordable makes cp one the host records: within the limits of
// wire.CheckCheckpoint, else failed (the host keeps the stream's previous
// deltaLink), and its texts cut.
func keepRecordable(cp *wire.Checkpoint) {
	if err := wire.CheckCheckpoint(cp); err != nil {
		*cp = wire.Checkpoint{Stream: cp.Stream, Status: wire.StatusFailed, Pages: cp.Pages, Upserts: cp.Upserts, Deletes: cp.Deletes,
			Error: fmt.Sprintf("the stream's checkpoint held %v; the stream keeps its previous deltaLink", err)}
	}
	wire.CutCheckpointTexts(cp)
}

// Progress reports pages and rows done on a stream.
func (e *Emitter) Progress(stream string, pages, rows int64) error {
	if err := e.held(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.send(&wire.Progress{Stream: stream, Pages: pages, Rows: rows})
}

// Warn sends a warning for the user about a stream.
func (e *Emitter) Warn(stream, summary, detail string) error {
	if err := e.held(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.send(&wire.Diagnostic{Severity: wire.SeverityWarning, Stream: stream, Summary: summary, Detail: detail})
}

// close flushes what is left and frees the builders.
func (e *Emitter) close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	err := e.flushAllLocked()
	for _, b := range e.builders {
		b.Release()
	}
	return err
}

// recycleBatches has the builders build later batches in the buffers of
// the batches send released (see wire.SyncRequest.SendCopiesBatches).
func (e *Emitter) recycleBatches() {
	for _, b := range e.builders {
		b.RecycleReleased()
	}
}

func (e *Emitter) flushAllLocked() error {
	for name, b := range e.builders {
		if err := e.flushLocked(name, b); err != nil {
			return err
		}
	}
	return nil
}

func (e *Emitter) flushLocked(name string, b *table.Builder) error {
	if b.Len() == 0 {
		return nil
	}
	rec := b.NewRecord()
	if err := e.send(&wire.Batch{Table: name, Record: rec}); err != nil {
		return fmt.Errorf("send %s batch: %w", name, err)
	}
	return nil
}

// ErrBadItem is wrapped by the error of an item of Graph's answer that
// cannot become a row: a value that does not fit its column
// (table.ErrWrongShape), an item without its key (table.ErrMissingKey) or
// that is not a JSON object (table.ErrNotObject). RunDelta fails the
// item's stream with it, keeping the stream's deltaLink, as for Graph's
// own errors; the other streams go on. A DeltaStream.Item hook wraps it in
// the error of an item it refuses (no id, say).
var ErrBadItem = errors.New("graph sent an item that cannot become a row")

// badItem is an item's own error, also matching ErrBadItem; its message is
// the cause's.
type badItem struct{ err error }

func (e *badItem) Error() string   { return e.err.Error() }
func (e *badItem) Unwrap() []error { return []error{e.err, ErrBadItem} }

// itemFault marks err, an append's failure, as the item's fault when
// it is; other errors (a table the source did not declare, or declared
// wrong) stay the source's.
func itemFault(err error) error {
	if errors.Is(err, table.ErrWrongShape) || errors.Is(err, table.ErrMissingKey) || errors.Is(err, table.ErrNotObject) {
		return &badItem{err}
	}
	return err
}

// FailsItsStreamOnly reports whether err, met while a stream emits an
// item, fails that stream only: the item is too large for the host
// (RowTooLargeError), or cannot become a row (ErrBadItem). Any other
// error emitting ends the round. A source that emits items itself, inside
// a Graph listing of its own, tells the two apart with it.
func FailsItsStreamOnly(err error) bool {
	var tooLarge *RowTooLargeError
	return errors.As(err, &tooLarge) || errors.Is(err, ErrBadItem)
}

// RowTooLargeError refuses an item larger than one message between the
// plugin and the host may carry (wire.MaxRowBytes). RunDelta fails the
// item's stream with it, keeping the stream's deltaLink; the other streams
// go on.
type RowTooLargeError struct {
	// Table and Stream locate the item.
	Table, Stream string
	// ID is the item's id ("" when it has none).
	ID string
	// Bytes is the item's size as JSON; Limit the largest accepted.
	Bytes, Limit int64
}

// Error names the item, its size and the limit.
func (e *RowTooLargeError) Error() string {
	return fmt.Sprintf("table %s: object %s is %d bytes, over the %d-byte limit of one message from a plugin to the host; "+
		"the stream fails and keeps its deltaLink until the object shrinks", e.Table, wire.Printable(e.ID), e.Bytes, e.Limit)
}

// rawID reads the "id" string of an item's JSON, or "".
func rawID(raw json.RawMessage) string {
	var v struct {
		ID string `json:"id"`
	}
	if len(raw) > 0 && raw[0] == '"' {
		_ = json.Unmarshal(raw, &v.ID)
		return v.ID
	}
	_ = json.Unmarshal(raw, &v)
	return v.ID
}
