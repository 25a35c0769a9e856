package wire

import (
	"bytes"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// nullsRecord is a batch of rows rows in which "name", "tags", "at" and
// "required" are null on every row ("required" is declared not nullable)
// and "id" and "n" hold values.
func nullsRecord(t *testing.T, rows int) arrow.RecordBatch {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "tags", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		{Name: "at", Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "required", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i := range rows {
		b.Field(0).(*array.StringBuilder).Append("id")
		b.Field(1).AppendNull()
		if i%2 == 0 {
			b.Field(2).(*array.Int64Builder).Append(int64(i))
		} else {
			b.Field(2).AppendNull()
		}
		b.Field(3).AppendNull()
		b.Field(4).AppendNull()
		b.Field(5).AppendNull()
	}
	return b.NewRecordBatch()
}

// ipcSchema decodes the schema and the batch of a batch event's IPC.
func ipcSchema(t *testing.T, msg *pb.SyncEvent) (*arrow.Schema, int64) {
	t.Helper()
	r, err := ipc.NewReader(bytes.NewReader(msg.GetBatch().GetArrowIpc()))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	if !r.Next() {
		t.Fatalf("no batch: %v", r.Err())
	}
	return r.Schema(), r.RecordBatch().NumRows()
}

// A host that reads compact batches gets each nullable column that is
// null on every row as Arrow's null type, which carries no buffers, and
// every other column as built; a host that does not gets every column as
// built.
func TestCompactBatchesSendNullColumnsAsNullType(t *testing.T) {
	const rows = 1000
	rec := nullsRecord(t, rows)
	defer rec.Release()
	sizes := map[bool]int{}
	for _, compact := range []bool{false, true} {
		msg, err := eventToProto(&Batch{Table: "t", Record: rec}, DefaultMaxBatchBytes, compact, new(bytes.Buffer))
		if err != nil {
			t.Fatal(err)
		}
		sizes[compact] = len(msg.GetBatch().GetArrowIpc())
		schema, n := ipcSchema(t, msg)
		if n != rows || msg.GetBatch().GetRows() != rows {
			t.Fatalf("compact %v: %d rows sent (%d said), want %d", compact, n, msg.GetBatch().GetRows(), rows)
		}
		for i, f := range schema.Fields() {
			want := rec.Schema().Field(i).Type
			if compact && (f.Name == "name" || f.Name == "tags" || f.Name == "at") {
				want = arrow.Null
			}
			if !arrow.TypeEqual(f.Type, want) || f.Name != rec.Schema().Field(i).Name || f.Nullable != rec.Schema().Field(i).Nullable {
				t.Errorf("compact %v: field %d is %v, want %s: %v", compact, i, f, rec.Schema().Field(i).Name, want)
			}
		}
	}
	// name's offsets and bits, tags' and at's values: about 17 bytes a row.
	if sizes[true] > sizes[false]-15*rows {
		t.Errorf("the compact batch is %d bytes, the full one %d: want at least %d fewer", sizes[true], sizes[false], 15*rows)
	}
}

// A batch with no column null on every row, or with no rows, is sent as
// built.
func TestCompactRecordKeepsABatchWithoutNullColumns(t *testing.T) {
	for _, rec := range []arrow.RecordBatch{stringsRecord("a", "b"), stringsRecord()} {
		if got, ok := compactRecord(rec); ok || got != rec {
			t.Errorf("a batch of %d rows without null columns was compacted", rec.NumRows())
		}
		rec.Release()
	}
}
