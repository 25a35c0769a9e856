package parquetin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// File names one Parquet object of the lake and what the manifest entry
// that committed it recorded of it. Every read checks the object against
// the record before a byte of it is parsed.
type File struct {
	// Path is the object's name in the store.
	Path string
	// Bytes is the object's length as recorded.
	Bytes int64
	// SHA256 is the recorded SHA-256 of the object's bytes, in hex.
	SHA256 string
}

// Recorded is a file as its manifest entry records it.
func Recorded(f manifest.File) File {
	return File{Path: f.Path, Bytes: f.Bytes, SHA256: f.SHA256}
}

// ErrNotAsRecorded means a lake file's length or SHA-256 differs from
// what its manifest entry records: it was changed, replaced or cut after
// the round that wrote it committed.
var ErrNotAsRecorded = errors.New("the file is not the one its manifest entry records")

// memorySpoolBytes is the largest file checked and parsed in memory; a
// larger one is copied to a temporary file as it is hashed.
const memorySpoolBytes = 16 << 20

// OpenFile reads f once, whole, checking its length and SHA-256 against
// the record, and returns a Parquet reader over exactly the bytes it
// checked: in memory up to 16 MiB, else in a temporary file (0600, in
// the default temporary folder) that Close removes. So neither arrow-go
// nor the caller ever parses a byte the lake's manifest does not vouch
// for, and a file replaced while it is read cannot slip in. The caller
// closes the reader.
func OpenFile(ctx context.Context, s store.Store, f File) (*file.Reader, error) {
	return openFile(ctx, s, f, memorySpoolBytes)
}

// openFile is OpenFile with the largest file checked in memory.
func openFile(ctx context.Context, s store.Store, f File, inMemory int64) (*file.Reader, error) {
	spool, err := checkedCopy(ctx, s, f, inMemory)
	if err != nil {
		return nil, err
	}
	pf, err := file.NewParquetReader(spool)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("read Parquet file %s: %w", s.Location(f.Path), err), spool.Close())
	}
	return pf, nil // pf.Close closes the spool
}

// spool is a checked copy of a file that Parquet can read at any offset.
type spool interface {
	parquet.ReaderAtSeeker
	io.Closer
}

// checkedCopy copies f into a spool, hashing it on the way, and returns
// the spool only if f is exactly as recorded.
func checkedCopy(ctx context.Context, s store.Store, f File, inMemory int64) (_ spool, err error) {
	want, err := hex.DecodeString(f.SHA256)
	if err != nil || len(want) != sha256.Size {
		return nil, fmt.Errorf("read Parquet file %s: the manifest records no valid SHA-256 for it (%q)", s.Location(f.Path), f.SHA256)
	}
	r, err := s.Open(ctx, f.Path)
	if err != nil {
		return nil, fmt.Errorf("read Parquet file: %w", err)
	}
	defer func() { err = errors.Join(err, r.Close()) }()
	if r.Size() != f.Bytes {
		return nil, fmt.Errorf("read Parquet file %s: %w: it has %d bytes, the entry records %d; run etl verify",
			s.Location(f.Path), ErrNotAsRecorded, r.Size(), f.Bytes)
	}
	h := sha256.New()
	if f.Bytes <= inMemory {
		buf := bytes.NewBuffer(make([]byte, 0, f.Bytes))
		if err := copyChecked(ctx, io.MultiWriter(buf, h), io.NewSectionReader(r, 0, f.Bytes)); err != nil {
			return nil, fmt.Errorf("read Parquet file %s: %w", s.Location(f.Path), err)
		}
		if err := matches(s, f, h, want); err != nil {
			return nil, err
		}
		return memorySpool{bytes.NewReader(buf.Bytes())}, nil
	}
	tmp, err := newTempSpool()
	if err != nil {
		return nil, fmt.Errorf("read Parquet file %s: %w", s.Location(f.Path), err)
	}
	err = copyChecked(ctx, io.MultiWriter(tmp.File, h), io.NewSectionReader(r, 0, f.Bytes))
	if err != nil {
		err = fmt.Errorf("read Parquet file %s: %w", s.Location(f.Path), err)
	} else {
		err = matches(s, f, h, want)
	}
	if err != nil {
		return nil, errors.Join(err, tmp.Close())
	}
	return tmp, nil
}

// matches checks the hash of what was copied against the record.
func matches(s store.Store, f File, h hash.Hash, want []byte) error {
	if got := h.Sum(nil); !bytes.Equal(got, want) {
		return fmt.Errorf("read Parquet file %s: %w: its SHA-256 is %s…, the entry records %s…; run etl verify",
			s.Location(f.Path), ErrNotAsRecorded, hex.EncodeToString(got)[:16], f.SHA256[:16])
	}
	return nil
}

// copyChecked copies src to dst in chunks, stopping when ctx ends.
func copyChecked(ctx context.Context, dst io.Writer, src io.Reader) error {
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// memorySpool is a checked copy held in memory.
type memorySpool struct{ *bytes.Reader }

// Close does nothing: the bytes go with the reader.
func (memorySpool) Close() error { return nil }

// tempSpool is a checked copy in a temporary file, removed on Close.
type tempSpool struct{ *os.File }

func newTempSpool() (*tempSpool, error) {
	f, err := os.CreateTemp("", "graphlake-read-*.parquet")
	if err != nil {
		return nil, fmt.Errorf("create a temporary file to check it in: %w", err)
	}
	return &tempSpool{f}, nil
}

// Close closes and removes the file.
func (t *tempSpool) Close() error {
	return errors.Join(t.File.Close(), os.Remove(t.Name()))
}
