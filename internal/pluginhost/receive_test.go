package pluginhost

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

var testSchema = arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)

// stringRecord is a record of testSchema holding values.
func stringRecord(t testing.TB, values ...string) arrow.RecordBatch {
	t.Helper()
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	b.AppendValues(values, nil)
	col := b.NewArray()
	defer col.Release()
	return array.NewRecordBatch(testSchema, []arrow.Array{col}, int64(len(values)))
}

// requiredSchema and otherName are testSchema with its one column not
// nullable, and with another name.
var (
	requiredSchema = arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.BinaryTypes.String}}, nil)
	otherName      = arrow.NewSchema([]arrow.Field{{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
)

// nullRecord is the compact form of rows nulls in schema's one column:
// a null-typed column, as the SDK sends it to a host that reads compact
// batches.
func nullRecord(schema *arrow.Schema, rows int) arrow.RecordBatch {
	f := schema.Field(0)
	f.Type = arrow.Null
	col := array.NewNull(rows)
	defer col.Release()
	return array.NewRecordBatch(arrow.NewSchema([]arrow.Field{f}, nil), []arrow.Array{col}, int64(rows))
}

// encode writes rec as an IPC stream with opts.
func encode(t testing.TB, rec arrow.RecordBatch, opts ...ipc.Option) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, append(opts, ipc.WithSchema(rec.Schema()))...)
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// hugeClaim is a zstd-compressed batch whose values buffer declares an
// uncompressed size of 1 TiB.
func hugeClaim(t testing.TB) []byte {
	t.Helper()
	const n = 100_003
	rec := stringRecord(t, strings.Repeat("a", n))
	defer rec.Release()
	b := encode(t, rec, ipc.WithZstd(), ipc.WithMinSpaceSavings(0))
	var size [8]byte
	binary.LittleEndian.PutUint64(size[:], n)
	if bytes.Count(b, size[:]) != 1 {
		t.Fatalf("the values buffer's size prefix occurs %d times", bytes.Count(b, size[:]))
	}
	binary.LittleEndian.PutUint64(size[:], n)
	var huge [8]byte
	binary.LittleEndian.PutUint64(huge[:], 1<<40)
	return bytes.Replace(b, size[:], huge[:], 1)
}

// badOffsets is a batch of two strings whose offsets go backwards.
func badOffsets(t testing.TB) []byte {
	t.Helper()
	offsets := memory.NewBufferBytes(arrow.Int32Traits.CastToBytes([]int32{0, 5, 2}))
	values := memory.NewBufferBytes([]byte("hello"))
	data := array.NewData(arrow.BinaryTypes.String, 2, []*memory.Buffer{nil, offsets, values}, nil, 0, 0)
	defer data.Release()
	col := array.NewStringData(data)
	defer col.Release()
	rec := array.NewRecordBatch(testSchema, []arrow.Array{col}, 2)
	defer rec.Release()
	return encode(t, rec)
}

func TestDecodeBatchRefusesWhatAPluginMayNotSend(t *testing.T) {
	good := stringRecord(t, "a", "b")
	defer good.Release()
	other := arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
	big := stringRecord(t, strings.Repeat("x", 3000), strings.Repeat("y", 3000))
	defer big.Release()
	alone := stringRecord(t, strings.Repeat("x", 3000))
	defer alone.Release()
	tests := []struct {
		name    string
		table   string
		ipc     []byte
		rows    int64
		schemas map[string]*arrow.Schema
		compact bool
		want    string // "" accepts
	}{
		{"a declared batch", "t", encode(t, good), 2, map[string]*arrow.Schema{"t": testSchema}, false, ""},
		{"a single row over the batch cap", "t", encode(t, alone), 1, nil, false, ""},
		{"two rows over the batch cap", "t", encode(t, big), 2, nil, false, "over the 4096-byte limit"},
		{"an undeclared table", "u", encode(t, good), 2, map[string]*arrow.Schema{"t": testSchema}, false, "did not declare"},
		{"another schema", "t", encode(t, good), 2, map[string]*arrow.Schema{"t": other}, false, "schema"},
		{"a compressed buffer claiming 1 TiB", "t", hugeClaim(t), 1, nil, false, "more than 268435456 bytes"},
		{"offsets that go backwards", "t", badOffsets(t), 2, nil, false, "not valid"},
		{"a wrong row count", "t", encode(t, good), 3, nil, false, "says 3 rows but holds 2"},
		{"not IPC at all", "t", []byte("\xff\xff\xff\xff\x10\x00\x00\x00garbage"), 1, nil, false, "decode"},
		{"a batch as declared, from a plugin that predates compact batches", "t", encode(t, good), 2, map[string]*arrow.Schema{"t": testSchema}, true, ""},
		{"a compact batch", "t", encode(t, nullRecord(testSchema, 2)), 2, map[string]*arrow.Schema{"t": testSchema}, true, ""},
		{"a compact batch the host did not ask for", "t", encode(t, nullRecord(testSchema, 2)), 2, map[string]*arrow.Schema{"t": testSchema}, false, "schema"},
		{"a null type for a column declared not nullable", "t", encode(t, nullRecord(requiredSchema, 2)), 2, map[string]*arrow.Schema{"t": requiredSchema}, true, "schema"},
		{"a null type for a column of another name", "t", encode(t, nullRecord(testSchema, 2)), 2, map[string]*arrow.Schema{"t": otherName}, true, "schema"},
		{"a billion rows of nulls", "t", encode(t, nullRecord(testSchema, 1<<30)), 1 << 30, map[string]*arrow.Schema{"t": testSchema}, true, "more than 268435456 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			r := receiver{schemas: tt.schemas, maxBatchBytes: 4096, mem: mem, compact: tt.compact}
			rec, err := r.decodeBatch(tt.table, tt.ipc, tt.rows)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("decodeBatch = %v, want a batch", err)
				}
				if want := tt.schemas[tt.table]; want != nil && !rec.Schema().Equal(want) {
					t.Errorf("the batch's schema is %v, want the declared %v", rec.Schema(), want)
				}
				if err := array.ValidateRecordFull(rec); err != nil {
					t.Errorf("the batch is not valid Arrow: %v", err)
				}
				rec.Release()
				mem.AssertSize(t, 0)
				return
			}
			var pe *ProtocolError
			if err == nil || !errors.As(err, &pe) || !errors.Is(err, ErrProtocol) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("decodeBatch = %v, want a ProtocolError containing %q", err, tt.want)
			}
			// No AssertSize here: Arrow's reader, stopped by a panic
			// mid-batch, leaves its buffers to the garbage collector.
		})
	}
}

func TestCappedAllocatorKeepsCount(t *testing.T) {
	a := &cappedAllocator{mem: memory.NewGoAllocator(), limit: 100}
	b := a.Allocate(60)
	b = a.Reallocate(90, b)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("an allocation over the limit did not panic")
			}
		}()
		a.Allocate(20)
	}()
	a.Free(b)
	if got := a.used.Load(); got != 0 || !a.refused.Load() {
		t.Errorf("used %d, refused %v; want 0 and true", got, a.refused.Load())
	}
}
