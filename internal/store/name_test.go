package store

import (
	"context"
	"errors"
	"testing"
)

func TestLocalRejectsBadNames(t *testing.T) {
	ctx := context.Background()
	l := newTestLocal(t)
	tests := []struct{ name, object string }{
		{"an empty name is rejected", ""},
		{"an absolute name is rejected", "/etc/passwd"},
		{"a name climbing out of the root is rejected", "../outside"},
		{"a name climbing out midway is rejected", "users/../../outside"},
		{"a name with an empty element is rejected", "users//x"},
		{"a name with a dot element is rejected", "./x"},
		{"a name with a backslash is rejected", `users\x`},
		{"a name shaped like a temporary file is rejected", "users/.x.tmp-123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := l.PutIfAbsent(ctx, tt.object, []byte("x")); !errors.Is(err, ErrInvalidName) {
				t.Errorf("PutIfAbsent(%q) = %v; want ErrInvalidName", tt.object, err)
			}
			if _, err := l.Create(ctx, tt.object); !errors.Is(err, ErrInvalidName) {
				t.Errorf("Create(%q) = %v; want ErrInvalidName", tt.object, err)
			}
			if _, err := l.Get(ctx, tt.object); !errors.Is(err, ErrInvalidName) {
				t.Errorf("Get(%q) = %v; want ErrInvalidName", tt.object, err)
			}
		})
	}
	for _, prefix := range []string{"../", "/abs", "a/../b"} {
		t.Run("a list prefix like "+prefix+" is rejected", func(t *testing.T) {
			if _, err := l.List(ctx, prefix); !errors.Is(err, ErrInvalidName) {
				t.Errorf("List(%q) = %v; want ErrInvalidName", prefix, err)
			}
		})
	}
}
