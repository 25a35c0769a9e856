package store

import (
	"context"
	"errors"
	"testing"
)

func TestLocalLeftovers(t *testing.T) {
	ctx := context.Background()
	l, err := NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w, err := l.Create(ctx, "users/date=2026-01-02/a.parquet")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("half a file")); err != nil {
		t.Fatal(err)
	}
	done, err := l.Create(ctx, "users/b.parquet")
	if err != nil {
		t.Fatal(err)
	}
	if err := done.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	left, err := l.Leftovers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("an unfinished write is listed under the object it was to become", func(t *testing.T) {
		if len(left) != 1 || left[0].Name != "users/date=2026-01-02/a.parquet" {
			t.Fatalf("Leftovers = %+v, want one for users/date=2026-01-02/a.parquet", left)
		}
	})
	t.Run("RemoveLeftover deletes it and refuses anything else", func(t *testing.T) {
		if err := l.RemoveLeftover(ctx, Leftover{ID: "users/b.parquet"}); !errors.Is(err, ErrInvalidName) {
			t.Fatalf("RemoveLeftover of an object = %v, want ErrInvalidName", err)
		}
		if err := l.RemoveLeftover(ctx, Leftover{ID: "../.x.tmp-1"}); !errors.Is(err, ErrInvalidName) {
			t.Fatalf("RemoveLeftover outside the root = %v, want ErrInvalidName", err)
		}
		if err := l.RemoveLeftover(ctx, left[0]); err != nil {
			t.Fatal(err)
		}
		if again, err := l.Leftovers(ctx); err != nil || len(again) != 0 {
			t.Fatalf("Leftovers after removal = %+v, %v", again, err)
		}
		if _, err := l.Stat(ctx, "users/b.parquet"); err != nil {
			t.Fatalf("the committed object went too: %v", err)
		}
	})
	_ = w.Abort(ctx)
}
