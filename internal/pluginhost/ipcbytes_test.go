package pluginhost

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// within reports whether buf's bytes lie inside b.
func within(buf []byte, b []byte) bool {
	if len(buf) == 0 || len(b) == 0 {
		return false
	}
	p, lo := uintptr(unsafe.Pointer(unsafe.SliceData(buf))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p >= lo && p+uintptr(len(buf)) <= lo+uintptr(len(b))
}

// valuesOf returns the values buffer of a string column.
func valuesOf(rec arrow.RecordBatch) []byte {
	return rec.Column(0).Data().Buffers()[2].Bytes()
}

func TestDecodeBatchAliasesAnAlignedMessage(t *testing.T) {
	rec := stringRecord(t, "alpha", "beta", "gamma")
	defer rec.Release()
	aligned := encode(t, rec)
	// The same stream one byte into a buffer: its body is not 8-aligned.
	shifted := append(make([]byte, 1, len(aligned)+1), aligned...)[1:]
	tests := []struct {
		name    string
		ipc     []byte
		aliases bool
	}{
		{"an aligned body is read in place", aligned, true},
		{"a misaligned body is copied", shifted, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			r := receiver{schemas: map[string]*arrow.Schema{"t": testSchema}, maxBatchBytes: 1 << 20, mem: mem}
			got, err := r.decodeBatch("t", tt.ipc, 3)
			if err != nil {
				t.Fatalf("decodeBatch = %v", err)
			}
			if !array.RecordEqual(got, rec) {
				t.Errorf("decoded %v, want %v", got, rec)
			}
			if a := within(valuesOf(got), tt.ipc); a != tt.aliases {
				t.Errorf("the values alias the message: %v, want %v", a, tt.aliases)
			}
			got.Release()
			mem.AssertSize(t, 0)
		})
	}
}

// TestDecodeBatchRefusesBrokenStreams cuts and corrupts a valid stream:
// every cut is refused, and every corruption of the batch's message is
// refused or decodes to a batch that passed full validation, never a
// panic. (The schema's message is not corrupted here: arrow-go's schema
// decoding allocates whatever length a corrupted fields vector claims,
// before it reads the fields, in Describe as in a batch's stream.)
func TestDecodeBatchRefusesBrokenStreams(t *testing.T) {
	rec := stringRecord(t, "alpha", "beta", "gamma", "", "delta")
	defer rec.Release()
	good := encode(t, rec)
	r := receiver{maxBatchBytes: 1 << 20, mem: memory.NewGoAllocator()}
	for n := range len(good) - 8 { // the last 8 bytes are the end-of-stream marker
		if b, err := r.decodeBatch("t", good[:n:n], 5); err == nil || !errors.Is(err, ErrProtocol) {
			b.Release()
			t.Fatalf("a stream cut at %d of %d bytes: err %v, want a ProtocolError", n, len(good), err)
		}
	}
	schemaEnd := 8 + int(binary.LittleEndian.Uint32(good[4:8]))
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		b := append([]byte(nil), good...)
		for range 1 + rng.IntN(3) {
			b[schemaEnd+rng.IntN(len(b)-schemaEnd)] = byte(rng.IntN(256))
		}
		got, err := r.decodeBatch("t", b, 5)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("a corrupted stream: err %v, want a ProtocolError", err)
			}
			continue
		}
		if err := array.ValidateRecordFull(got); err != nil {
			t.Fatalf("a corrupted stream was accepted with invalid arrays: %v", err)
		}
		got.Release()
	}
}
