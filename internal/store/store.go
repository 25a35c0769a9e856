package store

import (
	"context"
	"errors"
	"io"
	"time"
)

// ErrExist means an object with that name already exists; PutIfAbsent
// returns it, wrapped, when it loses the race for a name.
var ErrExist = errors.New("object already exists")

// ErrNotExist means no object has that name.
var ErrNotExist = errors.New("object does not exist")

// ErrInvalidName means a name cannot name an object: it is empty, absolute,
// has an empty, "." or ".." element, or looks like a store's temporary file.
var ErrInvalidName = errors.New("invalid object name")

// Info describes a stored object.
type Info struct {
	// Name is the object's slash-separated name relative to the store root.
	Name string
	// Size is the object's length in bytes.
	Size int64
	// ModTime is when the object was last written.
	ModTime time.Time
}

// Store holds the lake's objects. Implementations are safe for concurrent
// use.
type Store interface {
	// Create starts a new object written as a stream; nothing is visible
	// under name until the Writer's Commit succeeds, which replaces any
	// object of that name.
	Create(ctx context.Context, name string) (Writer, error)
	// PutIfAbsent atomically creates name with data only if no object has
	// that name (ErrExist otherwise); readers never see a partial object.
	PutIfAbsent(ctx context.Context, name string, data []byte) error
	// PutIfAbsentFrom is PutIfAbsent of body's bytes, for an object too
	// large to hold as one slice (a manifest entry of many streams, held
	// in a Spool).
	PutIfAbsentFrom(ctx context.Context, name string, body Body) error
	// Get returns the whole content of name (ErrNotExist if absent).
	Get(ctx context.Context, name string) ([]byte, error)
	// Open opens name for random access (ErrNotExist if absent). The caller
	// closes the Reader.
	Open(ctx context.Context, name string) (Reader, error)
	// Stat describes name (ErrNotExist if absent).
	Stat(ctx context.Context, name string) (Info, error)
	// List returns every object whose name starts with prefix, at any
	// depth, sorted by name. A prefix nothing matches yields no objects and
	// no error.
	List(ctx context.Context, prefix string) ([]Info, error)
	// Delete removes name (ErrNotExist if absent).
	Delete(ctx context.Context, name string) error
	// Location names the object for people, e.g. "/srv/lake/users/x.parquet"
	// or "s3://bucket/prefix/users/x.parquet". It does not check name.
	Location(name string) string
}

// Writer streams a new object. Exactly one of Commit or Abort ends it;
// Abort after Commit does nothing, so callers may defer Abort.
type Writer interface {
	io.Writer
	// Commit makes the object durable and visible under its name.
	Commit(ctx context.Context) error
	// Abort discards what was written; the name is left as it was.
	Abort(ctx context.Context) error
}

// Reader reads one object at any offset. It satisfies parquet's
// ReaderAtSeeker, so Parquet files can be read in place.
type Reader interface {
	io.Reader
	io.ReaderAt
	io.Seeker
	io.Closer
	// Size is the object's length in bytes.
	Size() int64
}
