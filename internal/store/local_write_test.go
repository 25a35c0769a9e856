package store

import (
	"context"
	"errors"
	"testing"
)

func newTestLocal(t *testing.T) *Local {
	t.Helper()
	l, err := NewLocal(t.TempDir() + "/lake")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLocalCreate(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		end     func(Writer) error // nil leaves the writer open
		visible bool
	}{
		{"a committed object is visible with its content", func(w Writer) error { return w.Commit(ctx) }, true},
		{"an aborted object is invisible", func(w Writer) error { return w.Abort(ctx) }, false},
		{"an object not yet committed is invisible", nil, false},
		{"abort after commit keeps the object", func(w Writer) error {
			if err := w.Commit(ctx); err != nil {
				return err
			}
			return w.Abort(ctx)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLocal(t)
			w, err := l.Create(ctx, "users/date=2024-01-02/a.parquet")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write([]byte("hello ")); err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write([]byte("world")); err != nil {
				t.Fatal(err)
			}
			if tt.end != nil {
				if err := tt.end(w); err != nil {
					t.Fatal(err)
				}
			}
			infos, err := l.List(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			_, statErr := l.Stat(ctx, "users/date=2024-01-02/a.parquet")
			if !tt.visible {
				if len(infos) != 0 || !errors.Is(statErr, ErrNotExist) {
					t.Fatalf("List = %v, Stat error = %v; want nothing and ErrNotExist", infos, statErr)
				}
				return
			}
			got, err := l.Get(ctx, "users/date=2024-01-02/a.parquet")
			if err != nil || string(got) != "hello world" {
				t.Fatalf("Get = %q, %v; want %q", got, err, "hello world")
			}
			if len(infos) != 1 || infos[0].Name != "users/date=2024-01-02/a.parquet" || infos[0].Size != 11 || infos[0].ModTime.IsZero() {
				t.Fatalf("List = %v; want the one object of 11 bytes", infos)
			}
		})
	}
}

func TestLocalCreateReplacesOnCommit(t *testing.T) {
	ctx := context.Background()
	l := newTestLocal(t)
	for _, content := range []string{"first", "second"} {
		w, err := l.Create(ctx, "x")
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
		if err := w.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := l.Get(ctx, "x"); string(got) != "second" {
		t.Fatalf("Get = %q; want the last commit", got)
	}
}

func TestLocalWriterAfterEnd(t *testing.T) {
	ctx := context.Background()
	l := newTestLocal(t)
	w, err := l.Create(ctx, "x")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Abort(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("a write after abort fails", func(t *testing.T) {
		if _, err := w.Write([]byte("x")); err == nil {
			t.Fatal("Write succeeded")
		}
	})
	t.Run("a commit after abort fails", func(t *testing.T) {
		if err := w.Commit(ctx); err == nil {
			t.Fatal("Commit succeeded")
		}
	})
}
