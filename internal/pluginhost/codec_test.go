package pluginhost

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// frames splits b as gRPC hands a message to its codec: in buffers of
// size bytes (its HTTP/2 frames), copied out of b.
func frames(b []byte, size int) mem.BufferSlice {
	var data mem.BufferSlice
	for len(b) > 0 {
		n := min(size, len(b))
		data = append(data, mem.Copy(b[:n], mem.DefaultBufferPool()))
		b = b[n:]
	}
	return data
}

// marshal is proto.Marshal of ev.
func marshal(t testing.TB, ev *pb.SyncEvent) []byte {
	t.Helper()
	b, err := proto.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// batchOf is a SyncEvent whose batch field holds the encoded fields.
func batchOf(fields ...[]byte) []byte {
	body := bytes.Join(fields, nil)
	return protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), body)
}

// field encodes one field: v is a []byte (bytes), a string (bytes) or a
// uint64 (varint).
func field(num protowire.Number, v any) []byte {
	switch v := v.(type) {
	case []byte:
		return protowire.AppendBytes(protowire.AppendTag(nil, num, protowire.BytesType), v)
	case string:
		return protowire.AppendString(protowire.AppendTag(nil, num, protowire.BytesType), v)
	case uint64:
		return protowire.AppendVarint(protowire.AppendTag(nil, num, protowire.VarintType), v)
	}
	panic(fmt.Sprintf("field of %T", v))
}

// codecCases are messages a plugin might send on Sync, valid and not:
// fast says the codec reads the message itself rather than through
// protobuf.
func codecCases(t testing.TB) []struct {
	name string
	msg  []byte
	fast bool
} {
	ipcBytes := bytes.Repeat([]byte("arrow ipc "), 3000)
	valid := marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: "users", ArrowIpc: ipcBytes, Rows: 6000}}})
	cases := []struct {
		name string
		msg  []byte
		fast bool
	}{
		{"batch", valid, true},
		{"batch of a long table name", marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{
			Table: strings.Repeat("t", 300), ArrowIpc: ipcBytes, Rows: 1}}}), false},
		{"batch of no rows", marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: "users", ArrowIpc: ipcBytes}}}), true},
		{"batch of negative rows", marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: "users", ArrowIpc: ipcBytes, Rows: -3}}}), true},
		{"batch of no table", marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{ArrowIpc: []byte("x"), Rows: 1}}}), true},
		{"batch of no bytes", marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: "users", Rows: 1}}}), false},
		{"empty batch", marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{}}}), false},
		{"fields in reverse order", batchOf(field(3, uint64(2)), field(2, ipcBytes), field(1, "users")), true},
		{"rows before bytes", batchOf(field(1, "users"), field(3, uint64(2)), field(2, ipcBytes)), true},
		{"unknown fields", batchOf(field(1, "users"), field(9, uint64(5)), field(2, ipcBytes), field(10, "later"), field(3, uint64(2))), true},
		{"rows of the wrong wire type", batchOf(field(1, "users"), field(2, ipcBytes), field(3, "2")), true},
		{"table of the wrong wire type", batchOf(field(1, uint64(1)), field(2, ipcBytes), field(3, uint64(2))), true},
		{"bytes of the wrong wire type", batchOf(field(2, []byte("x")), field(1, "users"), field(2, uint64(9)), field(3, uint64(2))), true},
		{"repeated fields, the last wins", batchOf(field(1, "a"), field(2, []byte("old")), field(3, uint64(1)), field(1, "users"),
			field(2, ipcBytes), field(3, uint64(2))), true},
		{"a batch in two parts", append(batchOf(field(1, "users"), field(2, ipcBytes)), batchOf(field(3, uint64(2)))...), false},
		{"a batch then a checkpoint", append(bytes.Clone(valid), marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Checkpoint{
			Checkpoint: &pb.Checkpoint{Stream: "s"}}})...), false},
		{"an unknown field after the batch", append(bytes.Clone(valid), field(20, uint64(1))...), false},
		{"the batch field as a varint", append(field(1, uint64(3)), field(2, "x")...), false},
		{"checkpoint", marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Checkpoint{Checkpoint: &pb.Checkpoint{
			Stream: "users", Status: pb.Checkpoint_STATUS_OK, DeltaLink: "https://graph/delta?token=x", Fingerprint: "f", Mode: "initial",
			Pages: 3, Upserts: 6000, Deletes: 1, Error: "e", Reason: "r"}}}), false},
		{"progress", marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Progress{Progress: &pb.Progress{Stream: "users", Pages: 2, Rows: 400}}}), false},
		{"diagnostic", marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Diagnostic{Diagnostic: &pb.Diagnostic{
			Severity: pb.Diagnostic_SEVERITY_WARNING, Summary: "s", Detail: "d", Attribute: "a", Stream: "x"}}}), false},
		{"graph stats", marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_GraphStats{GraphStats: &pb.GraphStats{
			Statuses: []*pb.GraphStatusStats{{Status: 200, Requests: 9, Waits: 1, WaitedMs: 20}, {Status: 429, Requests: 1}}}}}), false},
		{"no event", nil, false},

		// Refused by protobuf.
		{"table not UTF-8", batchOf(field(1, "us\xffers"), field(2, ipcBytes), field(3, uint64(2))), false},
		{"bytes longer than the message", batchOf(field(1, "users"), protowire.AppendVarint(protowire.AppendTag(nil, 2, protowire.BytesType), 1<<20)), false},
		{"bytes of a huge length", batchOf(field(1, "users"), protowire.AppendVarint(protowire.AppendTag(nil, 2, protowire.BytesType), 1<<62), ipcBytes), false},
		{"batch longer than the message", protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.BytesType), uint64(len(valid)+10)), false},
		{"batch of a huge length", append(protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.BytesType), 1<<63), valid...), false},
		{"rows' varint overlong", batchOf(field(1, "users"), field(2, ipcBytes), protowire.AppendTag(nil, 3, protowire.VarintType),
			bytes.Repeat([]byte{0xff}, 11)), false},
		{"field number 0", batchOf(field(1, "users"), field(2, ipcBytes), field(0, uint64(1))), false},
		{"an end group", batchOf(field(1, "users"), field(2, ipcBytes), protowire.AppendTag(nil, 7, protowire.EndGroupType)), false},
		{"a group never ended", batchOf(field(1, "users"), field(2, ipcBytes), protowire.AppendTag(nil, 7, protowire.StartGroupType)), false},
		{"a wire type that does not exist", batchOf(field(1, "users"), field(2, ipcBytes), protowire.AppendVarint(nil, 7<<3|6)), false},
	}
	// Cut short at every length of its head and at a few in its bytes.
	for _, n := range []int{1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 100, len(valid) / 2, len(valid) - 4, len(valid) - 3, len(valid) - 1} {
		cases = append(cases, struct {
			name string
			msg  []byte
			fast bool
		}{fmt.Sprintf("batch cut to %d bytes", n), valid[:n], false})
	}
	return cases
}

// The host's codec decodes exactly what proto.Unmarshal decodes and
// refuses what it refuses, with its error, whatever the frames the
// message arrives in; and it reads a batch event as plugins send it
// itself.
func TestSyncCodecDecodesAsProtobufDoes(t *testing.T) {
	codec := newSyncCodec(new(recvBuffers))
	for _, tt := range codecCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			want := &pb.SyncEvent{}
			wantErr := proto.Unmarshal(tt.msg, want)
			for _, size := range []int{1 << 30, 16 << 10, 7} {
				got := &pb.SyncEvent{Event: &pb.SyncEvent_Progress{Progress: &pb.Progress{Stream: "left over"}}}
				buf, err := codec.unmarshal(frames(tt.msg, size), got)
				switch {
				case (err == nil) != (wantErr == nil):
					t.Fatalf("frames of %d bytes: the codec says %v, protobuf %v", size, err, wantErr)
				case err != nil && err.Error() != wantErr.Error():
					t.Errorf("frames of %d bytes: the codec says %q, protobuf %q", size, err, wantErr)
				case err == nil && !proto.Equal(got, want):
					t.Errorf("frames of %d bytes: the codec decoded %v, protobuf %v", size, got, want)
				case err == nil && !bytes.Equal(got.GetBatch().GetArrowIpc(), want.GetBatch().GetArrowIpc()):
					t.Errorf("frames of %d bytes: the codec's arrow_ipc differs from protobuf's", size)
				}
				if fast := buf != nil; fast != tt.fast {
					t.Errorf("frames of %d bytes: read by the codec itself: %v, want %v", size, fast, tt.fast)
				}
				buf.release()
			}
		})
	}
}

// inside reports whether b lies within the memory of within.
func inside(b, within []byte) bool {
	if len(b) == 0 || len(within) == 0 {
		return false
	}
	start, end := uintptr(unsafe.Pointer(unsafe.SliceData(within))), uintptr(unsafe.Pointer(unsafe.SliceData(within)))+uintptr(len(within))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p >= start && p+uintptr(len(b)) <= end
}

// A batch event's bytes, and the arrays of the batch decoded from them,
// alias the one copy of the message the codec made from gRPC's frames
// (protobuf copied them out of it again), 8-byte aligned whatever the
// length of the table's name, so that bytesMessages need not copy the
// body; they stay intact once gRPC reuses its frames; and the copy's
// buffer is taken for another message only once the batch is released.
func TestABatchAliasesTheMessageItWasReadFrom(t *testing.T) {
	rec := stringRecord(t, strings.Repeat("v", 40_000), "w", "x")
	defer rec.Release()
	ipcBytes := encode(t, rec)
	pool := new(recvBuffers)
	codec := newSyncCodec(pool)
	var held []arrow.RecordBatch // the batches of the last two names
	for n := range 9 {
		tableName := strings.Repeat("t", 1+n)
		msgBytes := marshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: tableName, ArrowIpc: ipcBytes, Rows: 3}}})
		data := frames(msgBytes, 16<<10)
		ev := &pb.SyncEvent{}
		if err := codec.Unmarshal(data, ev); err != nil {
			t.Fatal(err)
		}
		buf := codec.take()
		got := ev.GetBatch().GetArrowIpc()
		for _, b := range data { // gRPC frees its frames, and reuses them
			clear(b.ReadOnlyData())
			b.Free()
		}
		if buf == nil || !inside(got, buf.b) {
			t.Fatalf("table %q: the batch's bytes are not in the message's copy", tableName)
		}
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(got))); p%8 != 0 {
			t.Errorf("table %q: the batch's bytes begin at %d mod 8", tableName, p%8)
		}
		if !bytes.Equal(got, ipcBytes) {
			t.Fatalf("table %q: the batch's bytes changed when gRPC reused its frames", tableName)
		}
		for _, h := range held {
			if inside(got, h.Column(0).Data().Buffers()[2].Bytes()) || inside(h.Column(0).Data().Buffers()[2].Bytes(), buf.b) {
				t.Fatalf("table %q: a message was received into the buffer of a batch still held", tableName)
			}
		}
		recv := receiver{schemas: map[string]*arrow.Schema{tableName: testSchema}, maxBatchBytes: 1 << 20, mem: memory.DefaultAllocator, buf: buf}
		decoded, err := recv.decodeBatch(tableName, got, 3)
		buf.release() // the event's reference: the batch holds its own
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range decoded.Column(0).Data().Buffers() {
			if b != nil && b.Len() > 0 && !inside(b.Bytes(), buf.b) {
				t.Errorf("table %q: the batch's buffer %d was copied out of the message", tableName, i)
			}
		}
		if len(pool.free) != 0 && inside(got, pool.free[len(pool.free)-1]) {
			t.Fatalf("table %q: the buffer went back to its pool while the batch lives", tableName)
		}
		held = append(held, decoded)
		if len(held) > 2 {
			held[0].Release()
			held = held[1:]
		}
		for _, h := range held {
			if !array.RecordEqual(h, rec) {
				t.Fatalf("table %q: a held batch's values changed", tableName)
			}
		}
	}
	for _, h := range held {
		h.Release()
	}
	if len(pool.free) != maxFreeRecvBuffers {
		t.Errorf("%d buffers came back to the pool, want %d", len(pool.free), maxFreeRecvBuffers)
	}
}

// BenchmarkSyncCodec measures the host's CPU per row to take a batch
// event of 6,000 users out of gRPC's 16 KB frames: with gRPC's protobuf
// codec and with syncCodec.
func BenchmarkSyncCodec(b *testing.B) {
	const rows = 6000
	msg := usersMessage(b, rows)
	codecs := []struct {
		name  string
		codec interface {
			Unmarshal(mem.BufferSlice, any) error
		}
	}{
		{"protobuf", newSyncCodec(nil).proto},
		{"syncCodec", newSyncCodec(new(recvBuffers))},
	}
	for _, c := range codecs {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(msg)))
			for b.Loop() {
				data := frames(msg, 16<<10)
				ev := &pb.SyncEvent{}
				if err := c.codec.Unmarshal(data, ev); err != nil {
					b.Fatal(err)
				}
				data.Free()
				if sc, ok := c.codec.(*syncCodec); ok {
					sc.take().release() // the batch is released
				}
			}
		})
	}
}
