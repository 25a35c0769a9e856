package pluginhost

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/sdk/wire"
)

// MaxDecodedBytes caps what the host allocates to decode one batch from a
// plugin: a compressed buffer may declare any uncompressed size, and the
// host allocates that size before it decompresses.
const MaxDecodedBytes = 256 << 20

// maxIPCMetadataBytes caps an IPC message's metadata (schema or batch
// header) from a plugin.
const maxIPCMetadataBytes = 4 << 20

// ErrProtocol is wrapped by every ProtocolError.
var ErrProtocol = errors.New("the plugin broke the protocol")

// ProtocolError is a plugin's message that the host refuses: a batch too
// large, of an undeclared table or another schema, whose arrays are not
// valid Arrow, or that would take too much memory to decode. The host
// fails the plugin's source and keeps running.
type ProtocolError struct {
	// Table is the table the message named ("" when none).
	Table string
	// Err says what was wrong.
	Err error
}

// Error names the table and the fault.
func (e *ProtocolError) Error() string {
	if e.Table == "" {
		return fmt.Sprintf("%v: %v", ErrProtocol, e.Err)
	}
	return fmt.Sprintf("%v: table %s: %v", ErrProtocol, wire.Printable(e.Table), e.Err)
}

// Unwrap returns ErrProtocol and the fault.
func (e *ProtocolError) Unwrap() []error { return []error{ErrProtocol, e.Err} }

// receiver checks a plugin's batches on receipt, before the host uses
// them (see decodeBatch).
type receiver struct {
	// schemas are the declared tables' schemas; nil accepts any table and
	// schema (a host that checks them itself).
	schemas map[string]*arrow.Schema
	// maxBatchBytes caps a batch of more than one row; a single row may
	// use the whole message (MaxMessageBytes, which gRPC enforces).
	maxBatchBytes int64
	mem           memory.Allocator
	// buf is the pooled buffer the batch's bytes lie in (see syncCodec),
	// which the batch's arrays then hold; nil for bytes the garbage
	// collector owns.
	buf *recvBuffer
	// compact accepts compact batches (SyncRequest.compact_batches): a
	// nullable column may come as Arrow's null type, and the host puts
	// the declared type's nulls back (expandNulls). Only with schemas.
	compact bool
}

// decodeBatch decodes a batch message from a plugin after checking it:
// its size (maxBatchBytes, or MaxMessageBytes for a single row), its
// table (declared), its schema (the declared one, compared before the
// body is read), the memory decoding takes (MaxDecodedBytes, whatever
// sizes its compressed buffers declare), its row count and its arrays
// (validateFull: array.ValidateRecordFull's verdicts). Any refusal is a
// *ProtocolError.
func (r receiver) decodeBatch(tableName string, ipcBytes []byte, rows int64) (arrow.RecordBatch, error) {
	fail := func(format string, args ...any) error {
		return &ProtocolError{Table: tableName, Err: fmt.Errorf(format, args...)}
	}
	if n := int64(len(ipcBytes)); n > r.maxBatchBytes && rows != 1 {
		return nil, fail("a batch of %d rows is %d bytes, over the %d-byte limit (only a single row may be larger)", rows, n, r.maxBatchBytes)
	}
	var want *arrow.Schema
	if r.schemas != nil {
		var ok bool
		if want, ok = r.schemas[tableName]; !ok {
			return nil, fail("the plugin sent rows for a table it did not declare")
		}
	}
	mem := &cappedAllocator{mem: r.mem, limit: MaxDecodedBytes}
	rec, nulls, err := decodeOne(ipcBytes, mem, want, r.compact, r.buf)
	if mem.refused.Load() {
		if rec != nil {
			rec.Release()
		}
		return nil, fail("decoding the batch would take more than %d bytes (a compressed buffer may declare a size it does not hold)", int64(MaxDecodedBytes))
	}
	if err != nil {
		return nil, fail("%w", err)
	}
	if rec.NumRows() != rows {
		rec.Release()
		return nil, fail("the batch says %d rows but holds %d", rows, rec.NumRows())
	}
	for i, col := range rec.Columns() {
		if n := int64(col.Len()); n != rows {
			rec.Release() // col's data goes with it: n and rows are kept
			return nil, fail("column %d holds %d values for %d rows", i+1, n, rows)
		}
	}
	if err := validateFull(rec); err != nil {
		rec.Release()
		return nil, fail("the batch's arrays are not valid: %w", err)
	}
	if len(nulls) > 0 {
		full, err := expandNulls(rec, want, nulls, mem)
		rec.Release()
		if mem.refused.Load() {
			return nil, fail("the batch's null columns would take more than %d bytes to decode", int64(MaxDecodedBytes))
		}
		if err != nil {
			return nil, fail("%w", err)
		}
		rec = full
	}
	return rec, nil
}

// decodeOne reads the single batch of an IPC stream; when want is set,
// the stream's schema must equal it, checked before the batch is read,
// or, when compact, be its compact form (compactFields): nulls are then
// the columns of Arrow's null type.
// The batch's buffers alias b (see bytesMessages), which must stay
// unchanged while the batch lives: they hold a reference to buf, b's
// pooled buffer, when it has one. Only decompression allocates, from mem.
func decodeOne(b []byte, mem memory.Allocator, want *arrow.Schema, compact bool, buf *recvBuffer) (rec arrow.RecordBatch, nulls []int, err error) {
	defer func() {
		if p := recover(); p != nil {
			if rec != nil {
				rec.Release()
			}
			rec, err = nil, fmt.Errorf("decode arrow batch: %v", p)
		}
	}()
	msgs := newBytesMessages(b, mem, maxIPCMetadataBytes, wire.MaxMessageBytes)
	msgs.buf = buf
	defer msgs.Release()
	r, err := ipc.NewReaderFromMessageReader(msgs, ipc.WithAllocator(mem))
	if err != nil {
		return nil, nil, fmt.Errorf("decode arrow batch: %w", err)
	}
	defer r.Release()
	if want != nil && !r.Schema().Equal(want) {
		var ok bool
		if compact {
			nulls, ok = compactFields(r.Schema(), want)
		}
		if !ok {
			return nil, nil, errors.New("the batch's schema differs from the table's declared one")
		}
	}
	msgs.views = viewArrays(r.Schema())
	if !r.Next() {
		if err := r.Err(); err != nil {
			return nil, nil, fmt.Errorf("decode arrow batch: %w", err)
		}
		return nil, nil, errors.New("decode arrow batch: the message holds no batch")
	}
	rec = r.RecordBatch()
	rec.Retain()
	if r.Next() || r.Err() != nil {
		rec.Release()
		return nil, nil, errors.New("decode arrow batch: the message holds more than one batch")
	}
	return rec, nulls, nil
}

// decodeSchema reads the schema a plugin declared for a table (an IPC
// stream of a schema message, as wire.EncodeSchema writes it), framed and
// checked as a batch's messages are (bytesMessages, checkIPCMetadata); a
// panic in arrow-go's decoding is an error.
func decodeSchema(b []byte) (schema *arrow.Schema, err error) {
	defer func() {
		if p := recover(); p != nil {
			schema, err = nil, fmt.Errorf("decode arrow schema: %v", p)
		}
	}()
	msgs := newBytesMessages(b, memory.DefaultAllocator, maxIPCMetadataBytes, 0)
	defer msgs.Release()
	r, err := ipc.NewReaderFromMessageReader(msgs)
	if err != nil {
		return nil, fmt.Errorf("decode arrow schema: %w", err)
	}
	defer r.Release()
	return r.Schema(), nil
}

// errOverBudget is the panic of a cappedAllocator over its limit; Arrow's
// IPC reader recovers it into an error.
var errOverBudget = errors.New("allocation over the decoding budget")

// cappedAllocator refuses (by panicking, the only way an Arrow allocator
// can) to hold more than limit bytes at once, and remembers that it did.
type cappedAllocator struct {
	mem     memory.Allocator
	limit   int64
	used    atomic.Int64
	refused atomic.Bool
}

func (a *cappedAllocator) reserve(n int64) {
	if n < 0 || a.used.Add(n) > a.limit {
		if n > 0 {
			a.used.Add(-n)
		}
		a.refused.Store(true)
		panic(errOverBudget)
	}
}

// Allocate implements memory.Allocator.
func (a *cappedAllocator) Allocate(size int) []byte {
	a.reserve(int64(size))
	return a.mem.Allocate(size)
}

// Reallocate implements memory.Allocator.
func (a *cappedAllocator) Reallocate(size int, b []byte) []byte {
	if grow := int64(size) - int64(len(b)); grow > 0 {
		a.reserve(grow)
	} else {
		a.used.Add(grow)
	}
	return a.mem.Reallocate(size, b)
}

// Free implements memory.Allocator.
func (a *cappedAllocator) Free(b []byte) {
	a.used.Add(-int64(len(b)))
	a.mem.Free(b)
}
