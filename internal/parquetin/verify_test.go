package parquetin_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/google/go-cmp/cmp"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/lake"
)

// recordOf is the record of data stored under name.
func recordOf(name string, data []byte) parquetin.File {
	sum := sha256.Sum256(data)
	return parquetin.File{Path: name, Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
}

// TestAFileNotAsRecordedIsNeverParsed: every way a lake file can differ
// from its manifest record is refused before arrow-go sees a byte of it,
// with an error naming the file and the fix.
func TestAFileNotAsRecordedIsNeverParsed(t *testing.T) {
	ctx := context.Background()
	s, files := writeRich(t, 2)
	orig, err := s.Get(ctx, files[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.Get(ctx, files[1].Path)
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), orig...)
	flipped[len(flipped)/2] ^= 0x01
	// A footer that claims a metadata length far past the file: the kind
	// of crafted file that makes a reader allocate what it claims.
	crafted := append([]byte(nil), orig...)
	copy(crafted[len(crafted)-8:], []byte{0xff, 0xff, 0xff, 0x7f, 'P', 'A', 'R', '1'})
	tests := []struct {
		name   string
		stored []byte // what the store holds in place of the file
		record func(*parquetin.File)
		want   string
	}{
		{"one bit changed", flipped, nil, "its SHA-256 is"},
		{"a crafted footer", crafted, nil, "its SHA-256 is"},
		{"cut short", orig[:len(orig)-100], nil, "the entry records"},
		{"another valid file in its place", append(other, 'x'), nil, "the entry records"},
		{"no hash recorded", orig, func(f *parquetin.File) { f.SHA256 = "" }, "no valid SHA-256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "rich/" + strings.ReplaceAll(tt.name, " ", "-") + ".parquet"
			if err := s.PutIfAbsent(ctx, name, tt.stored); err != nil {
				t.Fatal(err)
			}
			f := parquetin.File{Path: name, Bytes: files[0].Bytes, SHA256: files[0].SHA256}
			if tt.record != nil {
				tt.record(&f)
			}
			called := false
			err := parquetin.ReadRows(ctx, s, []parquetin.File{f}, func(map[string]any) error { called = true; return nil })
			if err == nil || called {
				t.Fatalf("read %s: error %v, rows seen %v; want an error and no row", name, err, called)
			}
			if tt.record == nil && !errors.Is(err, parquetin.ErrNotAsRecorded) {
				t.Errorf("error %v; want ErrNotAsRecorded", err)
			}
			for _, want := range []string{s.Location(name), tt.want} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if _, err := parquetin.ReadSchema(ctx, s, f); err == nil {
				t.Error("ReadSchema read the file")
			}
		})
	}
}

// TestWhatIsParsedIsWhatWasChecked: a file replaced after it was checked
// (between the check and the read of its row groups) changes nothing: the
// reader parses the copy it hashed, in memory or in a temporary file,
// and the temporary file is gone when the reader closes. The store reads
// every range afresh, as S3's ranged GETs do.
func TestWhatIsParsedIsWhatWasChecked(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, open := range []struct {
		name   string
		fn     func(context.Context, store.Store, parquetin.File) (*file.Reader, error)
		spools int
	}{{"in memory", parquetin.OpenFile, 0}, {"in a temporary file", parquetin.OpenFileSpooled, 1}} {
		t.Run(open.name, func(t *testing.T) {
			local, files := writeRich(t, 1)
			s := rangedStore{local}
			pf, err := open.fn(ctx, s, files[0])
			if err != nil {
				t.Fatal(err)
			}
			if spools, _ := filepath.Glob(filepath.Join(tmp, "graphlake-read-*")); len(spools) != open.spools {
				t.Fatalf("%d temporary files while reading; want %d", len(spools), open.spools)
			}
			other := bytes.Repeat([]byte{'x'}, int(files[0].Bytes)) // the file's place taken by other bytes
			w, err := s.Create(ctx, files[0].Path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(other); err != nil {
				t.Fatal(err)
			}
			if err := w.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 64}, memory.DefaultAllocator)
			if err != nil {
				t.Fatal(err)
			}
			rr, err := fr.GetRecordReader(ctx, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []map[string]any
			for rr.Next() {
				if err := lake.RecordRows(rr.RecordBatch(), func(row map[string]any) error { got = append(got, row); return nil }); err != nil {
					t.Fatal(err)
				}
			}
			if err := rr.Err(); err != nil {
				t.Fatal(err)
			}
			rr.Release()
			if diff := cmp.Diff(richRows, got); diff != "" {
				t.Fatalf("rows (-want +got):\n%s", diff)
			}
			if err := pf.Close(); err != nil {
				t.Fatal(err)
			}
			left, err := filepath.Glob(filepath.Join(tmp, "graphlake-read-*"))
			if err != nil {
				t.Fatal(err)
			}
			if len(left) != 0 {
				t.Fatalf("temporary files left behind: %v", left)
			}
		})
	}
}

// rangedStore is a store whose readers read every range from the object
// as it is at that moment, as ranged GETs of S3 do.
type rangedStore struct{ store.Store }

func (s rangedStore) Open(ctx context.Context, name string) (store.Reader, error) {
	data, err := s.Get(ctx, name)
	if err != nil {
		return nil, err
	}
	return &rangedReader{ctx: ctx, s: s.Store, name: name, size: int64(len(data))}, nil
}

// rangedReader reads each range afresh from its store.
type rangedReader struct {
	ctx  context.Context
	s    store.Store
	name string
	size int64
	off  int64
}

func (r *rangedReader) ReadAt(p []byte, off int64) (int, error) {
	data, err := r.s.Get(r.ctx, r.name)
	if err != nil {
		return 0, err
	}
	return bytes.NewReader(data).ReadAt(p, off)
}

func (r *rangedReader) Read(p []byte) (int, error) {
	n, err := r.ReadAt(p, r.off)
	r.off += int64(n)
	return n, err
}

func (r *rangedReader) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		off += r.off
	case io.SeekEnd:
		off += r.size
	}
	r.off = off
	return off, nil
}

func (r *rangedReader) Size() int64  { return r.size }
func (r *rangedReader) Close() error { return nil }

// BenchmarkCheckAFile measures the check alone: a 12 MiB file read,
// hashed and held, in memory and in a temporary file.
func BenchmarkCheckAFile(b *testing.B) {
	ctx := context.Background()
	s, err := store.NewLocal(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	data := make([]byte, 12<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	if err := s.PutIfAbsent(ctx, "big.bin", data); err != nil {
		b.Fatal(err)
	}
	f := recordOf("big.bin", data)
	for _, open := range []struct {
		name string
		fn   func(context.Context, store.Store, parquetin.File) (*file.Reader, error)
	}{{"memory", parquetin.OpenFile}, {"tempfile", parquetin.OpenFileSpooled}} {
		b.Run(open.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				// Not a Parquet file: the check passes, the parse fails.
				if _, err := open.fn(ctx, s, f); err == nil || errors.Is(err, parquetin.ErrNotAsRecorded) {
					b.Fatalf("error %v; want a parse error after the check", err)
				}
			}
		})
	}
}
