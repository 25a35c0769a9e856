package wire

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// EncodeSchema serialises a schema as an Arrow IPC stream with no batches.
func EncodeSchema(schema *arrow.Schema) ([]byte, error) {
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encode arrow schema: %w", err)
	}
	return buf.Bytes(), nil
}

// EncodeRecord serialises one record as an Arrow IPC stream (schema and one
// batch).
func EncodeRecord(rec arrow.RecordBatch) ([]byte, error) {
	var buf bytes.Buffer
	return encodeRecordInto(&buf, rec)
}

// encodeRecordInto serialises rec as EncodeRecord does, into buf after
// emptying it: a buffer reused from batch to batch is grown once instead
// of allocated, zeroed and faulted in again for every batch. The bytes
// returned alias buf until its next use.
func encodeRecordInto(buf *bytes.Buffer, rec arrow.RecordBatch) ([]byte, error) {
	buf.Reset()
	buf.Grow(ipcSizeHint(rec))
	w := ipc.NewWriter(buf, ipc.WithSchema(rec.Schema()))
	if err := w.Write(rec); err != nil {
		return nil, fmt.Errorf("encode arrow batch: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encode arrow batch: %w", err)
	}
	return buf.Bytes(), nil
}

// ipcBuffers keeps the IPC buffers of a plugin's sends for reuse: one per
// send in progress or batch not yet written by gRPC, kept until the round
// ends. gRPC writes a batch's bytes from the buffer itself, after Send has
// returned (sendCodec): the buffer comes back once gRPC has freed it, or
// once Send has returned when the message was copied instead.
type ipcBuffers struct {
	mu   sync.Mutex
	free []*bytes.Buffer
}

// get returns a free buffer, or a new one.
func (p *ipcBuffers) get() *bytes.Buffer {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		b := p.free[n-1]
		p.free = p.free[:n-1]
		return b
	}
	return new(bytes.Buffer)
}

// put returns a buffer whose bytes are no longer used.
func (p *ipcBuffers) put(b *bytes.Buffer) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, b)
}

// ipcSizeHint estimates a batch's IPC size, its buffers plus room for the
// schema and message headers, so that encoding grows its output once.
func ipcSizeHint(rec arrow.RecordBatch) int {
	n := 4 << 10
	for _, col := range rec.Columns() {
		n += dataBytes(col.Data())
	}
	return n
}

// dataBytes sums the lengths of an array's buffers and its children's,
// each padded to IPC's 8-byte alignment.
func dataBytes(d arrow.ArrayData) int {
	n := 0
	for _, b := range d.Buffers() {
		if b != nil {
			n += (b.Len() + 7) &^ 7
		}
	}
	for _, c := range d.Children() {
		n += dataBytes(c)
	}
	return n
}
