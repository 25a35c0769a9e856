package sdk

import (
	"encoding/json"
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
	e := &Emitter{send: send, builders: make(map[string]*table.Builder, len(tables)), round: round,
		syncedAt: syncedAt, flushSize: int(maxBatchBytes / 4)}
	for _, t := range tables {
		e.builders[t.Name] = table.NewBuilder(memory.DefaultAllocator, t)
	}
	return e
}

// Item emits one Graph item into a table: an upsert, or a tombstone when the
// item carries @removed.
func (e *Emitter) Item(tableName, stream string, raw json.RawMessage) error {
	return e.append(tableName, func(b *table.Builder, m table.Meta) error { return b.AppendRaw(raw, m) }, stream)
}

// Object emits one decoded item into a table.
func (e *Emitter) Object(tableName, stream string, obj table.Object) error {
	return e.append(tableName, func(b *table.Builder, m table.Meta) error { return b.Append(obj, m) }, stream)
}

// Tombstone emits a deletion of the row with the given key values.
func (e *Emitter) Tombstone(tableName, stream string, key map[string]string, reason string) error {
	return e.append(tableName, func(b *table.Builder, m table.Meta) error { return b.AppendTombstone(key, reason, m) }, stream)
}

func (e *Emitter) append(tableName string, add func(*table.Builder, table.Meta) error, stream string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	b, ok := e.builders[tableName]
	if !ok {
		return fmt.Errorf("emit into table %q: the source does not declare it", tableName)
	}
	e.seq++
	if err := add(b, table.Meta{Round: e.round, Seq: e.seq, SyncedAt: e.syncedAt, Stream: stream}); err != nil {
		return err
	}
	if b.EstimatedBytes() >= e.flushSize || b.Len() >= maxBatchRows {
		return e.flushLocked(tableName, b)
	}
	return nil
}

// Checkpoint ends a stream's part of the round after flushing every
// pending row.
func (e *Emitter) Checkpoint(cp wire.Checkpoint) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.flushAllLocked(); err != nil {
		return err
	}
	return e.send(&cp)
}

// Progress reports pages and rows done on a stream.
func (e *Emitter) Progress(stream string, pages, rows int64) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.send(&wire.Progress{Stream: stream, Pages: pages, Rows: rows})
}

// Warn sends a warning for the user about a stream.
func (e *Emitter) Warn(stream, summary, detail string) error {
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
