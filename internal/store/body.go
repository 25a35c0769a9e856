package store

import (
	"bytes"
	"errors"
	"io"
)

// Body is an object's bytes for PutIfAbsentFrom, read from any offset as
// often as a store needs: a retried PUT reads them again, and a store
// that lost an answer compares them with what the name holds.
// *bytes.Reader is one; Spool is another.
type Body interface {
	io.ReaderAt
	// Size is the number of bytes.
	Size() int64
}

// blockSize is the size of memBlocks' blocks.
const blockSize = 1 << 20

// memBlocks is a Body written as a stream into blocks of 1 MiB: unlike a
// bytes.Buffer, it never copies what it holds to grow, so that an object
// of N bytes costs N bytes (and less than a block more) rather than up to
// twice that, with as much again in garbage. The zero value is empty and
// ready. Once read, it is not written again.
type memBlocks struct {
	blocks [][]byte
	size   int64
}

// Write appends p; it never fails.
func (b *memBlocks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(b.blocks) == 0 || len(b.blocks[len(b.blocks)-1]) == blockSize {
			b.blocks = append(b.blocks, make([]byte, 0, blockSize))
		}
		last := &b.blocks[len(b.blocks)-1]
		k := min(len(p), blockSize-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	b.size += int64(n)
	return n, nil
}

// Size is the number of bytes written.
func (b *memBlocks) Size() int64 { return b.size }

// ReadAt reads len(p) bytes from off, or those up to the end and io.EOF.
func (b *memBlocks) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("store: memBlocks.ReadAt: negative offset")
	}
	n := 0
	for len(p) > 0 && off < b.size {
		block := b.blocks[off/blockSize][off%blockSize:]
		k := copy(p, block)
		p, n, off = p[k:], n+k, off+int64(k)
	}
	if len(p) > 0 {
		return n, io.EOF
	}
	return n, nil
}

// SameBytes reports whether r holds exactly body's bytes, reading r in
// blocks and never more than one byte past body's size.
func SameBytes(r io.Reader, body Body) (bool, error) {
	want := io.NewSectionReader(body, 0, body.Size())
	got := io.LimitReader(r, body.Size()+1)
	a, b := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		n, err := io.ReadFull(got, a)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return false, err
		}
		m, werr := io.ReadFull(want, b[:n])
		if werr != nil && werr != io.EOF && werr != io.ErrUnexpectedEOF || m != n || !bytes.Equal(a[:n], b[:n]) {
			return false, nil
		}
		if n < len(a) {
			// got ended: the same only if want did too.
			extra, _ := want.Read(b[:1])
			return extra == 0, nil
		}
	}
}
