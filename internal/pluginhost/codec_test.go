package pluginhost

import (
	"math/rand/v2"
	"testing"

	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// batchEvent encodes a batch event with protobuf.
func batchEvent(t *testing.T, table string, ipc []byte, rows int64) []byte {
	t.Helper()
	b, err := proto.Marshal(&pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: table, ArrowIpc: ipc, Rows: rows}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// field appends one length-delimited or varint field.
func field(b []byte, num protowire.Number, v any) []byte {
	switch v := v.(type) {
	case []byte:
		return protowire.AppendBytes(protowire.AppendTag(b, num, protowire.BytesType), v)
	case uint64:
		return protowire.AppendVarint(protowire.AppendTag(b, num, protowire.VarintType), v)
	}
	panic("field type")
}

// wrap makes inner the batch field of a SyncEvent.
func wrap(inner []byte) []byte { return field(nil, 1, inner) }

// decodeBoth decodes b with the codec and with protobuf.
func decodeBoth(t *testing.T, b []byte) (got, want *pb.SyncEvent, gotErr, wantErr error) {
	t.Helper()
	got, want = &pb.SyncEvent{}, &pb.SyncEvent{}
	gotErr = newEventCodec().Unmarshal(mem.BufferSlice{mem.SliceBuffer(b)}, got)
	wantErr = proto.Unmarshal(b, want)
	return got, want, gotErr, wantErr
}

// The codec decodes every message as protobuf does: plain batch events,
// unusual but valid ones, broken ones and other events.
func TestEventCodecDecodesAsProtobufDoes(t *testing.T) {
	ipc := []byte("arrow bytes")
	tests := []struct {
		name string
		b    []byte
	}{
		{"a plain batch", batchEvent(t, "users", ipc, 200)},
		{"an empty batch message", wrap(nil)},
		{"fields in another order", wrap(field(field(field(nil, 3, uint64(7)), 2, ipc), 1, []byte("t")))},
		{"a repeated table (the last wins)", wrap(field(field(nil, 1, []byte("a")), 1, []byte("b")))},
		{"a repeated batch (merged)", append(wrap(field(nil, 1, []byte("a"))), wrap(field(nil, 3, uint64(9)))...)},
		{"an unknown field", wrap(field(field(nil, 1, []byte("t")), 9, uint64(1)))},
		{"a negative row count", wrap(field(nil, 3, uint64(1<<64-5)))},
		{"a table that is not UTF-8", wrap(field(nil, 1, []byte("\xff")))},
		{"a wrong wire type", wrap(field(nil, 2, uint64(3)))},
		{"a truncated batch", batchEvent(t, "users", ipc, 200)[:10]},
		{"a checkpoint", mustMarshal(t, &pb.SyncEvent{Event: &pb.SyncEvent_Checkpoint{Checkpoint: &pb.Checkpoint{Stream: "s"}}})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want, gotErr, wantErr := decodeBoth(t, tt.b)
			if (gotErr != nil) != (wantErr != nil) || gotErr == nil && !proto.Equal(got, want) {
				t.Fatalf("decoded %v (err %v), protobuf %v (err %v)", got, gotErr, want, wantErr)
			}
		})
	}
	good := batchEvent(t, "users", ipc, 200)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		b := append([]byte(nil), good...)
		for range 1 + rng.IntN(3) {
			b[rng.IntN(len(b))] = byte(rng.IntN(256))
		}
		got, want, gotErr, wantErr := decodeBoth(t, b)
		if (gotErr != nil) != (wantErr != nil) || gotErr == nil && !proto.Equal(got, want) {
			t.Fatalf("% x: decoded %v (err %v), protobuf %v (err %v)", b, got, gotErr, want, wantErr)
		}
	}
}

func mustMarshal(t *testing.T, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A plain batch's IPC bytes are read in place, not copied.
func TestParseBatchEventAliasesTheIPCBytes(t *testing.T) {
	b := batchEvent(t, "users", []byte("arrow bytes"), 200)
	batch, ok := parseBatchEvent(b)
	if !ok {
		t.Fatal("a plain batch event was left to protobuf")
	}
	if !within(batch.GetArrowIpc(), b) {
		t.Error("the IPC bytes were copied")
	}
	if batch.GetTable() != "users" || batch.GetRows() != 200 || string(batch.GetArrowIpc()) != "arrow bytes" {
		t.Errorf("decoded %v", batch)
	}
}
