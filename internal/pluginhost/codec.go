package pluginhost

import (
	"fmt"
	"unicode/utf8"

	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// eventCodec is the host's gRPC codec: protobuf, except that a batch
// event's Arrow IPC bytes alias the received message instead of being
// copied out of it. gRPC's protobuf codec copies each message into a
// pooled buffer and protobuf copies the bytes field out of that again: two
// copies of every batch (about 2 MB) before the IPC reader sees it. Here
// the message is copied once, into a buffer of its own that the batch then
// keeps. Any message other than a batch event in its plain shape (each
// field once, nothing unknown) goes to the protobuf codec, as do all
// messages the host sends.
type eventCodec struct{ proto encoding.CodecV2 }

// newEventCodec returns the codec, over gRPC's registered protobuf codec.
func newEventCodec() eventCodec { return eventCodec{proto: encoding.GetCodecV2(proto.Name)} }

// Name is the protobuf codec's: the plugin decodes the host's messages
// and encodes its own with that one.
func (eventCodec) Name() string { return proto.Name }

// Marshal encodes with protobuf.
func (c eventCodec) Marshal(v any) (mem.BufferSlice, error) { return c.proto.Marshal(v) }

// Unmarshal decodes a batch event by parseBatchEvent and anything else
// with protobuf.
func (c eventCodec) Unmarshal(data mem.BufferSlice, v any) error {
	ev, ok := v.(*pb.SyncEvent)
	if !ok {
		return c.proto.Unmarshal(data, v)
	}
	b := data.Materialize()
	if batch, ok := parseBatchEvent(b); ok {
		ev.Reset()
		ev.Event = &pb.SyncEvent_Batch{Batch: batch}
		return nil
	}
	if err := c.proto.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode sync event: %w", err)
	}
	return nil
}

// Field numbers of SyncEvent.batch and of RecordBatch's fields.
const (
	fieldEventBatch  = 1
	fieldBatchTable  = 1
	fieldBatchIPC    = 2
	fieldBatchRows   = 3
	fieldsOfTheBatch = 3
)

// parseBatchEvent decodes b as a SyncEvent holding a RecordBatch whose
// arrow_ipc aliases b. It reports false, leaving the message to protobuf,
// unless b has exactly the plain shape: one batch field and nothing else,
// and in it each of table (valid UTF-8), arrow_ipc and rows at most once,
// with their wire types, and nothing else. In that shape protobuf decodes
// the same values.
func parseBatchEvent(b []byte) (*pb.RecordBatch, bool) {
	num, typ, n := protowire.ConsumeTag(b)
	if n < 0 || num != fieldEventBatch || typ != protowire.BytesType {
		return nil, false
	}
	inner, m := protowire.ConsumeBytes(b[n:])
	if m < 0 || n+m != len(b) {
		return nil, false
	}
	batch := &pb.RecordBatch{}
	seen := 0 // a bit per field number
	for len(inner) > 0 {
		num, typ, n := protowire.ConsumeTag(inner)
		if n < 0 || num < 1 || num > fieldsOfTheBatch || seen&(1<<num) != 0 {
			return nil, false
		}
		seen |= 1 << num
		inner = inner[n:]
		switch {
		case num == fieldBatchTable && typ == protowire.BytesType:
			v, n := protowire.ConsumeBytes(inner)
			if n < 0 || !utf8.Valid(v) {
				return nil, false
			}
			batch.Table, inner = string(v), inner[n:]
		case num == fieldBatchIPC && typ == protowire.BytesType:
			v, n := protowire.ConsumeBytes(inner)
			if n < 0 {
				return nil, false
			}
			batch.ArrowIpc, inner = v[:len(v):len(v)], inner[n:]
		case num == fieldBatchRows && typ == protowire.VarintType:
			v, n := protowire.ConsumeVarint(inner)
			if n < 0 {
				return nil, false
			}
			batch.Rows, inner = int64(v), inner[n:]
		default:
			return nil, false
		}
	}
	return batch, true
}
