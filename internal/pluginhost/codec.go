package pluginhost

import (
	"unicode/utf8"

	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// syncCodec is the gRPC codec of one Sync call of the host: protobuf,
// except that a batch event is read from a single copy of the message.
// gRPC's own codec copies a message out of its frames into one buffer,
// and protobuf then copies the event's arrow_ipc out of that buffer into
// fresh memory; here the message is copied once, into a buffer of pool,
// and the batch's arrow_ipc aliases it, as the batch's arrays then do
// (see bytesMessages). The buffer goes back to pool when the batch's last
// array is released (recvBuffer); the host reads the batch, never writes
// it.
//
// The batch event is read with protowire, field by field, as protobuf
// reads it: the table's UTF-8 checked, a field of another number or wire
// type kept as an unknown field, the last of repeated fields winning. A
// message it does not read that way (another event, a batch event in
// several parts, anything malformed) goes to proto.Unmarshal, which
// decides as it always has; so the codec accepts and refuses what
// protobuf does. gRPC has bounded the message's size
// (MaxCallRecvMsgSize) before it calls Unmarshal.
//
// Unmarshal and take are called by the goroutine receiving the call's
// events, one after the other.
type syncCodec struct {
	// boundedCodec reads what is not a batch event as plugins send it,
	// and keeps why it refused a message.
	*boundedCodec
	pool *recvBuffers
	// last is the buffer of the last batch event read, until take.
	last *recvBuffer
}

// newSyncCodec returns a Sync call's codec, taking its buffers from pool.
func newSyncCodec(pool *recvBuffers) *syncCodec {
	return &syncCodec{boundedCodec: newBoundedCodec(), pool: pool}
}

// Unmarshal reads a batch event from one copy of the message, in a
// buffer that take then hands over; any other message as protobuf does.
func (c *syncCodec) Unmarshal(data mem.BufferSlice, v any) error {
	buf, err := c.unmarshal(data, v)
	if buf != nil {
		c.last.release() // never taken: nothing decoded from it
		c.last = buf
	}
	return err
}

// take returns the buffer that the event Unmarshal last read lies in,
// with its reference, which the caller releases once it has decoded the
// event; nil when protobuf read the event (into memory of its own).
func (c *syncCodec) take() *recvBuffer {
	buf := c.last
	c.last = nil
	return buf
}

// unmarshal is Unmarshal; buf is the buffer the batch event was read
// from, with one reference (nil when protobuf read the message).
func (c *syncCodec) unmarshal(data mem.BufferSlice, v any) (buf *recvBuffer, err error) {
	ev, ok := v.(*pb.SyncEvent)
	if !ok {
		return nil, c.boundedCodec.Unmarshal(data, v)
	}
	var head [maxBatchHead]byte
	off, ok := ipcOffset(head[:copyHead(data, head[:])])
	if !ok {
		// Not a batch event as plugins send it: protobuf's way, once its
		// repeated fields are known to be few.
		return nil, c.unmarshalBytes(contiguous(data), ev)
	}
	// A buffer begins 8-byte aligned: this pad puts arrow_ipc at a
	// multiple of 8 too, as Arrow's arrays need their buffers
	// (bytesMessages copies a body that is not).
	pad := (8 - off%8) % 8
	buf = newRecvBuffer(c.pool, pad+data.Len())
	msg := buf.b[pad:]
	data.CopyTo(msg)
	if decodeBatchEvent(msg, ev) {
		return buf, nil
	}
	// protobuf copies what it reads: the buffer is free once it has.
	defer buf.release()
	return nil, c.unmarshalBytes(msg, ev)
}

// maxBatchHead is how much of a message ipcOffset looks at: a batch
// event's tags, lengths and table name come before its arrow_ipc.
const maxBatchHead = 256

// copyHead copies the first len(dst) bytes of data (or all of it) into
// dst and returns how many it copied.
func copyHead(data mem.BufferSlice, dst []byte) int {
	n := 0
	for _, buf := range data {
		if n == len(dst) {
			break
		}
		n += copy(dst[n:], buf.ReadOnlyData())
	}
	return n
}

// ipcOffset returns where a batch event's arrow_ipc bytes begin in the
// message whose first bytes are h, for a message that begins with a
// SyncEvent's batch field (as every plugin built with the SDK sends it,
// the table's name and arrow_ipc's length first); ok is false for any
// other message, or when h does not reach arrow_ipc. It only places the
// message's copy in memory (see unmarshal): decodeBatchEvent reads it.
func ipcOffset(h []byte) (off int, ok bool) {
	num, typ, n := protowire.ConsumeTag(h)
	if n < 0 || num != 1 || typ != protowire.BytesType {
		return 0, false
	}
	_, m := protowire.ConsumeVarint(h[n:])
	if m < 0 {
		return 0, false
	}
	pos := n + m
	for {
		num, typ, n := protowire.ConsumeTag(h[pos:])
		if n < 0 {
			return 0, false
		}
		switch {
		case num == 2 && typ == protowire.BytesType:
			_, m := protowire.ConsumeVarint(h[pos+n:])
			if m < 0 {
				return 0, false
			}
			return pos + n + m, true
		default:
			m := protowire.ConsumeFieldValue(num, typ, h[pos+n:])
			if m < 0 {
				return 0, false
			}
			pos += n + m
		}
	}
}

// decodeBatchEvent reads b into ev when b is a SyncEvent of a single
// batch field whose fields it reads as proto.Unmarshal would; the batch's
// ArrowIpc then aliases b. It returns false, leaving ev as it was, for
// any other message, well-formed or not: proto.Unmarshal decides those.
func decodeBatchEvent(b []byte, ev *pb.SyncEvent) bool {
	num, typ, n := protowire.ConsumeTag(b)
	if n < 0 || num != 1 || typ != protowire.BytesType {
		return false
	}
	body, m := protowire.ConsumeBytes(b[n:])
	if m < 0 || n+m != len(b) {
		// Malformed, or more fields after the batch (a second part of
		// it, another event of the oneof, an unknown field).
		return false
	}
	batch := &pb.RecordBatch{}
	var unknown []byte
	for len(body) > 0 {
		num, typ, n := protowire.ConsumeTag(body)
		if n < 0 {
			return false
		}
		switch {
		case num == 1 && typ == protowire.BytesType:
			v, m := protowire.ConsumeBytes(body[n:])
			if m < 0 || !utf8.Valid(v) {
				return false
			}
			batch.Table = string(v)
			n += m
		case num == 2 && typ == protowire.BytesType:
			v, m := protowire.ConsumeBytes(body[n:])
			if m < 0 {
				return false
			}
			batch.ArrowIpc = nil
			if len(v) > 0 {
				batch.ArrowIpc = v[:len(v):len(v)]
			}
			n += m
		case num == 3 && typ == protowire.VarintType:
			v, m := protowire.ConsumeVarint(body[n:])
			if m < 0 {
				return false
			}
			batch.Rows = int64(v)
			n += m
		default:
			// protobuf keeps a field of another number, or of a known
			// number with another wire type, as an unknown field.
			m := protowire.ConsumeFieldValue(num, typ, body[n:])
			if m < 0 {
				return false
			}
			unknown = append(unknown, body[:n+m]...)
			n += m
		}
		body = body[n:]
	}
	if len(unknown) > 0 {
		batch.ProtoReflect().SetUnknown(unknown)
	}
	ev.Reset()
	ev.Event = &pb.SyncEvent_Batch{Batch: batch}
	return true
}
