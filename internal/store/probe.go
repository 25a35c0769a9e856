package store

import (
	"context"
	"errors"
	"fmt"
)

// ErrNoConditionalWrites means the store let a create-if-absent overwrite
// an object: two writers of one lake could both commit a round.
var ErrNoConditionalWrites = errors.New("the store does not honour conditional writes (If-None-Match: *)")

// ProbeConditionalWrites checks that s refuses a second PutIfAbsent of one
// name: it creates name, tries again with other bytes, and removes name.
// It returns ErrNoConditionalWrites, wrapped, when the second write
// succeeded.
func ProbeConditionalWrites(ctx context.Context, s Store, name string) error {
	if err := s.PutIfAbsent(ctx, name, []byte("first\n")); err != nil {
		return fmt.Errorf("probe conditional writes at %s: %w", s.Location(name), err)
	}
	defer func() { _ = s.Delete(context.WithoutCancel(ctx), name) }()
	err := s.PutIfAbsent(ctx, name, []byte("second\n"))
	switch {
	case errors.Is(err, ErrExist):
		return nil
	case err == nil:
		return fmt.Errorf("probe at %s: %w", s.Location(name), ErrNoConditionalWrites)
	default:
		return fmt.Errorf("probe conditional writes at %s: %w", s.Location(name), err)
	}
}
