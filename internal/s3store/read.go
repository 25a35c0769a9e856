package s3store

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/graphlake/graphlake/internal/store"
)

// reader reads an object at any offset with ranged GETs, so a Parquet file
// is read in place: footer first, then only the column chunks needed.
type reader struct {
	ctx    context.Context
	s      *Store
	name   string
	size   int64
	offset int64
}

// Open opens name for random access.
func (s *Store) Open(ctx context.Context, name string) (store.Reader, error) {
	info, err := s.Stat(ctx, name)
	if err != nil {
		return nil, err
	}
	return &reader{ctx: ctx, s: s, name: name, size: info.Size}, nil
}

// Size is the object's length.
func (r *reader) Size() int64 { return r.size }

// ReadAt reads len(p) bytes at off with one ranged GET.
func (r *reader) ReadAt(p []byte, off int64) (int, error) {
	if off >= r.size {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	end := min(off+int64(len(p)), r.size) - 1
	out, err := r.s.client.GetObject(r.ctx, &s3.GetObjectInput{Bucket: aws.String(r.s.opts.Bucket),
		Key: aws.String(r.s.key(r.name)), Range: aws.String(fmt.Sprintf("bytes=%d-%d", off, end))})
	if err != nil {
		return 0, fmt.Errorf("read %s at %d: %w", r.s.Location(r.name), off, explain(err))
	}
	defer out.Body.Close()
	n, err := io.ReadFull(out.Body, p[:end-off+1])
	if err != nil {
		return n, fmt.Errorf("read %s at %d: %w", r.s.Location(r.name), off, err)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Read reads from the current offset.
func (r *reader) Read(p []byte) (int, error) {
	n, err := r.ReadAt(p, r.offset)
	r.offset += int64(n)
	if errors.Is(err, io.EOF) && n > 0 {
		err = nil
	}
	return n, err
}

// Seek moves the offset.
func (r *reader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.offset
	case io.SeekEnd:
		offset += r.size
	default:
		return 0, fmt.Errorf("seek %s: bad whence %d", r.name, whence)
	}
	if offset < 0 {
		return 0, fmt.Errorf("seek %s: negative offset", r.name)
	}
	r.offset = offset
	return offset, nil
}

// Close releases nothing: each read is its own request.
func (r *reader) Close() error { return nil }
