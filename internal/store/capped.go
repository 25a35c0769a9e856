package store

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// ErrTooLarge means an object is larger than its reader accepts: read
// whole, it would exhaust memory.
var ErrTooLarge = errors.New("object too large")

// CappedGetter is a Store that reads an object whole only up to a size,
// without reading or allocating more, in one request.
type CappedGetter interface {
	// GetAtMost returns the whole content of name (ErrNotExist if
	// absent), or an error wrapping ErrTooLarge if it holds more than max
	// bytes.
	GetAtMost(ctx context.Context, name string, max int64) ([]byte, error)
}

// GetAtMost returns the whole content of name from s, or an error wrapping
// ErrTooLarge that names the object, its size and the cap when it holds
// more than max bytes. Nothing beyond max is read or allocated. A store
// that is not a CappedGetter is read through Open.
func GetAtMost(ctx context.Context, s Store, name string, max int64) ([]byte, error) {
	if c, ok := s.(CappedGetter); ok {
		return c.GetAtMost(ctx, name, max)
	}
	r, err := s.Open(ctx, name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if err := CheckSize(s.Location(name), r.Size(), max); err != nil {
		return nil, err
	}
	b := make([]byte, r.Size())
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("read %s: %w", s.Location(name), err)
	}
	return b, nil
}

// CheckSize returns an error wrapping ErrTooLarge, naming the object at
// location, when size is above max.
func CheckSize(location string, size, max int64) error {
	if size > max {
		return fmt.Errorf("%s holds %d bytes, more than the %d etl reads (%w): it is not an object etl wrote; restore it from a backup or remove it", location, size, max, ErrTooLarge)
	}
	return nil
}
