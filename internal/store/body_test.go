package store

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
)

// TestBlocksReadBackWhatWasWritten writes sizes around the block size in
// writes of many lengths and reads every offset range back.
func TestBlocksReadBackWhatWasWritten(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{0, 1, blockSize - 1, blockSize, blockSize + 1, 3*blockSize + 17} {
		want := make([]byte, size)
		for i := range want {
			want[i] = byte(rng.IntN(256))
		}
		var b memBlocks
		writeInPieces(t, &b, want, rng, 300_000)
		checkReadBack(t, &b, want, rng, 50, 2*blockSize)
	}
}

// writeInPieces writes data to w in pieces of 1 to maxPiece bytes.
func writeInPieces(t *testing.T, w io.Writer, data []byte, rng *rand.Rand, maxPiece int) {
	t.Helper()
	for rest := data; len(rest) > 0; {
		n := min(len(rest), 1+rng.IntN(maxPiece))
		if k, err := w.Write(rest[:n]); k != n || err != nil {
			t.Fatalf("Write = %d, %v", k, err)
		}
		rest = rest[n:]
	}
}

// checkReadBack checks that body holds want: its Size, every byte read
// in order, and reads of up to maxRead bytes at random
// offsets (some past the end, which must end in io.EOF).
func checkReadBack(t *testing.T, body Body, want []byte, rng *rand.Rand, reads, maxRead int) {
	t.Helper()
	size := len(want)
	if body.Size() != int64(size) {
		t.Fatalf("Size() = %d, want %d", body.Size(), size)
	}
	if got, err := io.ReadAll(io.NewSectionReader(body, 0, body.Size())); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("size %d: read back %d bytes (%v), not the %d written", size, len(got), err, size)
	}
	for range reads {
		off := rng.IntN(size + 2)
		p := make([]byte, rng.IntN(maxRead))
		n, err := body.ReadAt(p, int64(off))
		exp := want[min(off, size):min(off+len(p), size)]
		if n != len(exp) || !bytes.Equal(p[:n], exp) {
			t.Fatalf("size %d: ReadAt(%d bytes at %d) = %d bytes, want %d", size, len(p), off, n, len(exp))
		}
		if (off+len(p) > size) != errors.Is(err, io.EOF) {
			t.Fatalf("size %d: ReadAt(%d bytes at %d) error %v", size, len(p), off, err)
		}
	}
}

// TestSameBytes compares readers with a body: equal, shorter, longer, one
// byte different at either end, and a reader that fails.
func TestSameBytes(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789"), 20_000)
	other := func(edit func([]byte) []byte) io.Reader {
		return bytes.NewReader(edit(bytes.Clone(body)))
	}
	for _, tc := range []struct {
		name string
		r    io.Reader
		want bool
		err  bool
	}{
		{"the same bytes", bytes.NewReader(body), true, false},
		{"the same bytes, read a byte at a time", iotest.OneByteReader(bytes.NewReader(body)), true, false},
		{"one byte short", other(func(b []byte) []byte { return b[:len(b)-1] }), false, false},
		{"one byte more", other(func(b []byte) []byte { return append(b, 'x') }), false, false},
		{"the first byte differs", other(func(b []byte) []byte { b[0] = 'x'; return b }), false, false},
		{"the last byte differs", other(func(b []byte) []byte { b[len(b)-1] = 'x'; return b }), false, false},
		{"empty", bytes.NewReader(nil), false, false},
		{"a failing reader", iotest.ErrReader(errors.New("boom")), false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SameBytes(tc.r, bytes.NewReader(body))
			if got != tc.want || (err != nil) != tc.err {
				t.Errorf("SameBytes = %v, %v; want %v (error %v)", got, err, tc.want, tc.err)
			}
		})
	}
	if same, err := SameBytes(bytes.NewReader(nil), bytes.NewReader(nil)); !same || err != nil {
		t.Errorf("two empty: %v, %v", same, err)
	}
}
