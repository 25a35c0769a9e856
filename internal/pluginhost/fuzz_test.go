package pluginhost

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/protobuf/proto"

	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/wire"
	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// FuzzDecodeBatch feeds the host's receipt of a batch (decodeBatch) what
// a hostile plugin may send in its place: any bytes, any row count, to a
// host that reads compact batches or not. The seeds are batches of a
// table of every declared type as the SDK builds them, in full and in
// compact form, and the refusals of TestDecodeBatchRefusesWhatAPluginMayNotSend.
// Whatever comes, the host must not panic, must refuse with a
// *ProtocolError, and must hold no memory after it; a batch it accepts
// must be what the host then relies on: the declared schema, the rows the
// message claims, valid by Arrow's own full check (not only by the
// host's faster validateFull), and written to Parquet by the host's
// writer without an error.
//
//	go test ./internal/pluginhost -run '^$' -fuzz FuzzDecodeBatch -fuzztime 5m
func FuzzDecodeBatch(f *testing.F) {
	declared, seeds := everyTypeSeeds(f)
	for _, s := range seeds {
		f.Add(s.data, s.rows, false)
		f.Add(s.data, s.rows, true)
	}
	f.Add(hugeClaim(f), uint16(1), false)
	f.Add(badOffsets(f), uint16(2), false)
	f.Fuzz(func(t *testing.T, data []byte, rows uint16, compact bool) {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		r := receiver{schemas: map[string]*arrow.Schema{everyType.Name: declared}, maxBatchBytes: 1 << 20, mem: mem, compact: compact}
		rec, err := r.decodeBatch(everyType.Name, data, int64(rows))
		if err != nil {
			if pe := (*ProtocolError)(nil); !errors.As(err, &pe) {
				t.Fatalf("refused with %T, not a *ProtocolError: %v", err, err)
			}
			if n := mem.CurrentAlloc(); n != 0 {
				t.Fatalf("a refused batch left %d bytes allocated", n)
			}
			return
		}
		if !rec.Schema().Equal(declared) {
			t.Fatalf("accepted a batch of schema %v, declared %v", rec.Schema(), declared)
		}
		if rec.NumRows() != int64(rows) {
			t.Fatalf("accepted %d rows for a message of %d", rec.NumRows(), rows)
		}
		if err := array.ValidateRecordFull(rec); err != nil { // a panic fails the target too
			t.Fatalf("accepted a batch that Arrow's own check refuses: %v", err)
		}
		writeParquet(t, rec)
		rec.Release()
		if n := mem.CurrentAlloc(); n != 0 {
			t.Fatalf("a released batch left %d bytes allocated", n)
		}
	})
}

// seed is one batch message and its row count.
type seed struct {
	data []byte
	rows uint16
}

// everyTypeSeeds returns everyType's declared schema and its batches as
// the SDK builds them (everySource: null columns first, then every column
// set), each in full form and in compact form.
func everyTypeSeeds(tb testing.TB) (*arrow.Schema, []seed) {
	tb.Helper()
	recs := roundBatches(tb, sdk.InProcess(everySource{n: 40}), 2<<10)
	if len(recs) < 2 {
		tb.Fatalf("the source built %d batches, want at least 2", len(recs))
	}
	// The last batches have every column set: the first of them with two
	// rows or more also comes with its column "s" broken, offsets going
	// backwards or text that is not UTF-8, in the declared schema (a
	// batch the host must refuse).
	last := recs[len(recs)-1]
	for i := len(recs) - 1; last.NumRows() < 2 && i >= 0; i-- {
		last = recs[i]
	}
	broken := []arrow.RecordBatch{
		withStrings(last, "s", []int32{0, 5, 2}, "hello"),
		withStrings(last, "s", []int32{0, 2, 4}, "ok\xff\xfe"),
	}
	var seeds []seed
	for _, rec := range append(recs, broken...) {
		compact := compactForm(rec)
		for _, r := range []arrow.RecordBatch{rec, compact} {
			data, err := wire.EncodeRecord(r)
			if err != nil {
				tb.Fatal(err)
			}
			seeds = append(seeds, seed{data: data, rows: uint16(r.NumRows())})
		}
		compact.Release()
	}
	for _, rec := range broken {
		rec.Release()
	}
	return recs[0].Schema(), seeds
}

// withStrings is the first len(offsets)-1 rows of rec with its string
// column name replaced by one of those offsets into values, unchecked;
// the caller releases it.
func withStrings(rec arrow.RecordBatch, name string, offsets []int32, values string) arrow.RecordBatch {
	rows := int64(len(offsets) - 1)
	head := rec.NewSlice(0, rows)
	defer head.Release()
	data := array.NewData(arrow.BinaryTypes.String, int(rows),
		[]*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(offsets)), memory.NewBufferBytes([]byte(values))}, nil, 0, 0)
	defer data.Release()
	col := array.NewStringData(data)
	defer col.Release()
	cols := slices.Clone(head.Columns())
	cols[head.Schema().FieldIndices(name)[0]] = col
	return array.NewRecordBatch(head.Schema(), cols, rows)
}

// compactForm is rec with every nullable column that is null on every row
// sent as Arrow's null type, as the SDK sends it to a host that asked for
// compact batches; the caller releases it.
func compactForm(rec arrow.RecordBatch) arrow.RecordBatch {
	fields := rec.Schema().Fields()
	cols := make([]arrow.Array, len(fields))
	for i, col := range rec.Columns() {
		if fields[i].Nullable && col.NullN() == col.Len() {
			fields[i].Type = arrow.Null
			cols[i] = array.NewNull(col.Len())
			defer cols[i].Release()
			continue
		}
		cols[i] = col
	}
	md := rec.Schema().Metadata()
	return array.NewRecordBatch(arrow.NewSchema(fields, &md), cols, rec.NumRows())
}

// writeParquet writes rec as the host does, through its Parquet writer
// into a fresh local lake, and fails the test on any error.
func writeParquet(t *testing.T, rec arrow.RecordBatch) {
	t.Helper()
	s, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := parquetout.New(parquetout.Options{Store: s, Round: 1, RunID: "fuzz", Date: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)})
	if err := w.Write(t.Context(), everyType.Name, rec); err != nil {
		t.Fatalf("the host's Parquet writer refused an accepted batch: %v", err)
	}
	if _, err := w.Close(t.Context()); err != nil {
		t.Fatalf("the host's Parquet writer could not close an accepted batch's file: %v", err)
	}
}

// FuzzSyncCodecDecodesAsProtobufDoes is TestSyncCodecDecodesAsProtobufDoes
// over any bytes a plugin may send as a Sync message: the host's codec,
// which reads a batch event itself, must decode what proto.Unmarshal
// decodes and refuse what it refuses, in whatever frames the message
// arrives. Its seeds are that test's cases.
//
//	go test ./internal/pluginhost -run '^$' -fuzz FuzzSyncCodecDecodesAsProtobufDoes -fuzztime 5m
func FuzzSyncCodecDecodesAsProtobufDoes(f *testing.F) {
	for _, tt := range codecCases(f) {
		f.Add(tt.msg, uint16(7))
	}
	// Graph stats of more statuses than the host takes (boundMessage).
	statuses := make([]*pb.GraphStatusStats, maxGraphStatuses+1)
	for i := range statuses {
		statuses[i] = &pb.GraphStatusStats{}
	}
	f.Add(marshal(f, &pb.SyncEvent{Event: &pb.SyncEvent_GraphStats{GraphStats: &pb.GraphStats{Statuses: statuses}}}), uint16(7))
	codec := newSyncCodec(new(recvBuffers))
	f.Fuzz(func(t *testing.T, msg []byte, frame uint16) {
		want := &pb.SyncEvent{}
		wantErr := proto.Unmarshal(msg, want)
		got := &pb.SyncEvent{Event: &pb.SyncEvent_Progress{Progress: &pb.Progress{Stream: "left over"}}}
		buf, err := codec.unmarshal(frames(msg, int(frame)+1), got)
		defer buf.release()
		// A message over the host's bounds of repeated fields is refused
		// before protobuf reads it, whatever protobuf would make of it.
		if bound := boundMessage(want, msg); bound != nil {
			if pe := (*ProtocolError)(nil); !errors.As(err, &pe) {
				t.Fatalf("a message over the bounds (%v): the codec says %v", bound, err)
			}
			return
		}
		switch {
		case (err == nil) != (wantErr == nil):
			t.Fatalf("the codec says %v, protobuf %v", err, wantErr)
		case err != nil && err.Error() != wantErr.Error():
			t.Fatalf("the codec says %q, protobuf %q", err, wantErr)
		case err == nil && !proto.Equal(got, want):
			t.Fatalf("the codec decoded %v, protobuf %v", got, want)
		case err == nil && !bytes.Equal(got.GetBatch().GetArrowIpc(), want.GetBatch().GetArrowIpc()):
			t.Fatalf("the codec's arrow_ipc differs from protobuf's")
		}
	})
}
