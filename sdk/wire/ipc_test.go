package wire

import (
	"bytes"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// stringsRecord is a record of one string column holding values.
func stringsRecord(values ...string) arrow.RecordBatch {
	schema := arrow.NewSchema([]arrow.Field{{Name: "v", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	b.AppendValues(values, nil)
	col := b.NewArray()
	defer col.Release()
	return array.NewRecordBatch(schema, []arrow.Array{col}, int64(len(values)))
}

// A reused buffer holds exactly the last batch's stream, byte for byte
// what a fresh encoding gives, whatever larger batch it held before; and
// it is reused, not reallocated.
func TestEncodeRecordIntoAReusedBuffer(t *testing.T) {
	batches := []arrow.RecordBatch{
		stringsRecord(strings.Repeat("a", 5000), strings.Repeat("b", 5000)),
		stringsRecord("c"),
		stringsRecord(strings.Repeat("d", 300), "e", "f"),
		stringsRecord(),
	}
	var buf bytes.Buffer
	var first *byte
	for i, rec := range batches {
		got, err := encodeRecordInto(&buf, rec)
		if err != nil {
			t.Fatal(err)
		}
		want, err := EncodeRecord(rec)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("batch %d: %d bytes from the reused buffer differ from a fresh encoding's %d", i, len(got), len(want))
		}
		if i == 0 {
			first = &got[0]
		} else if &got[0] != first {
			t.Errorf("batch %d was encoded into a new buffer", i)
		}
		rec.Release()
	}
}

func TestIPCBuffersHandOutEachBufferOnce(t *testing.T) {
	var p ipcBuffers
	a, b := p.get(), p.get()
	if a == b {
		t.Fatal("two sends in progress got the same buffer")
	}
	p.put(a)
	if c := p.get(); c != a {
		t.Error("a returned buffer was not reused")
	}
}

// BenchmarkEncodeBatch measures a plugin's IPC encoding of a 2 MB batch:
// into a fresh buffer per batch, as before ipcBuffers, and into a reused
// one.
func BenchmarkEncodeBatch(b *testing.B) {
	values := make([]string, 20_000)
	for i := range values {
		values[i] = strings.Repeat("x", 100)
	}
	rec := stringsRecord(values...)
	defer rec.Release()
	b.Run("fresh", func(b *testing.B) {
		for b.Loop() {
			if _, err := EncodeRecord(rec); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reused", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			if _, err := encodeRecordInto(&buf, rec); err != nil {
				b.Fatal(err)
			}
		}
	})
}
