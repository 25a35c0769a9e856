package wire

import (
	"bytes"
	"fmt"

	"google.golang.org/grpc/encoding"
	protocodec "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// sendCodec is the gRPC codec of a plugin process's server: protobuf,
// except that a batch's Arrow IPC bytes (a lentBatch) go to gRPC as they
// are instead of being copied into the message: the message is three
// buffers, its head (tags, lengths, the table), the IPC bytes and its
// tail (the row count), byte for byte what proto.Marshal writes. gRPC
// writes them to the host after SendMsg returns: the IPC buffer goes back
// to its pool only when gRPC frees it (lender).
type sendCodec struct {
	proto encoding.CodecV2
}

// newSendCodec returns the codec, delegating to gRPC's protobuf codec.
func newSendCodec() sendCodec {
	return sendCodec{proto: encoding.GetCodecV2(protocodec.Name)}
}

// lentBatch is a batch event whose IPC bytes, held in buf, sendCodec
// lends to gRPC. It is a protobuf message (its SyncEvent), so that a
// server with another codec marshals it as one, copying the bytes; lent
// then stays false and the sender takes buf back itself.
type lentBatch struct {
	*pb.SyncEvent
	buf  *bytes.Buffer
	pool *ipcBuffers
	// lent is set by sendCodec.Marshal, on the sender's goroutine, when
	// gRPC holds buf: gRPC returns it to pool once it has written it.
	lent bool
}

// lender is the mem.BufferPool of one lent IPC buffer: gRPC puts the
// buffer when it has freed every reference to it, after its last write.
type lender struct {
	buf  *bytes.Buffer
	pool *ipcBuffers
}

// Get is never called on a lender (gRPC only puts a buffer back to the
// pool it came with); it allocates, as a pool may.
func (lender) Get(length int) *[]byte {
	b := make([]byte, length)
	return &b
}

// Put returns the lent buffer to its pool.
func (l lender) Put(*[]byte) { l.pool.put(l.buf) }

// Marshal writes a lentBatch's message around its IPC bytes; any other
// message as protobuf does.
func (c sendCodec) Marshal(v any) (mem.BufferSlice, error) {
	lb, ok := v.(*lentBatch)
	if !ok {
		return c.proto.Marshal(v)
	}
	batch := lb.GetBatch()
	if batch == nil {
		return nil, fmt.Errorf("a lent batch event holds a %T", lb.GetEvent())
	}
	ipc := batch.GetArrowIpc()
	if mem.IsBelowBufferPoolingThreshold(cap(ipc)) {
		// gRPC would not free so small a buffer: copy it, as protobuf
		// does, and leave the buffer to the sender.
		return c.proto.Marshal(lb.SyncEvent)
	}
	head, tail := batchFraming(batch)
	lb.lent = true
	data := mem.BufferSlice{mem.SliceBuffer(head), mem.NewBuffer(&ipc, lender{buf: lb.buf, pool: lb.pool})}
	if len(tail) > 0 {
		data = append(data, mem.SliceBuffer(tail))
	}
	return data, nil
}

// Unmarshal is protobuf's.
func (c sendCodec) Unmarshal(data mem.BufferSlice, v any) error { return c.proto.Unmarshal(data, v) }

// Name is protobuf's: the codec speaks protobuf's wire format.
func (sendCodec) Name() string { return protocodec.Name }

// batchFraming returns what comes before and after a batch event's
// arrow_ipc bytes in its protobuf encoding, as proto.Marshal writes it
// (fields in number order, proto3's zero values left out).
func batchFraming(b *pb.RecordBatch) (head, tail []byte) {
	size := 0
	if b.Table != "" {
		size += protowire.SizeTag(1) + protowire.SizeBytes(len(b.Table))
	}
	if len(b.ArrowIpc) > 0 {
		size += protowire.SizeTag(2) + protowire.SizeBytes(len(b.ArrowIpc))
	}
	if b.Rows != 0 {
		size += protowire.SizeTag(3) + protowire.SizeVarint(uint64(b.Rows))
	}
	head = protowire.AppendTag(make([]byte, 0, 32+len(b.Table)), 1, protowire.BytesType)
	head = protowire.AppendVarint(head, uint64(size))
	if b.Table != "" {
		head = protowire.AppendTag(head, 1, protowire.BytesType)
		head = protowire.AppendString(head, b.Table)
	}
	if len(b.ArrowIpc) > 0 {
		head = protowire.AppendTag(head, 2, protowire.BytesType)
		head = protowire.AppendVarint(head, uint64(len(b.ArrowIpc)))
	}
	if b.Rows != 0 {
		tail = protowire.AppendTag(make([]byte, 0, 11), 3, protowire.VarintType)
		tail = protowire.AppendVarint(tail, uint64(b.Rows))
	}
	return head, tail
}
