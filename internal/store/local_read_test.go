package store

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLocalList(t *testing.T) {
	ctx := context.Background()
	l := newTestLocal(t)
	for _, name := range []string{"users/date=2024-01-02/b", "users/date=2024-01-01/a", "users.txt", "_manifest/1.json"} {
		if err := l.PutIfAbsent(ctx, name, []byte(name)); err != nil {
			t.Fatal(err)
		}
	}
	open, err := l.Create(ctx, "users/date=2024-01-01/pending")
	if err != nil {
		t.Fatal(err)
	}
	defer open.Abort(ctx)
	tests := []struct {
		name, prefix string
		want         []string
	}{
		{"an empty prefix lists everything sorted by name", "", []string{
			"_manifest/1.json", "users.txt", "users/date=2024-01-01/a", "users/date=2024-01-02/b"}},
		{"a folder prefix lists recursively", "users/", []string{"users/date=2024-01-01/a", "users/date=2024-01-02/b"}},
		{"a partial prefix matches names, not folders", "users/date=2024-01-0", []string{"users/date=2024-01-01/a", "users/date=2024-01-02/b"}},
		{"a name prefix matches files and folders alike", "users", []string{
			"users.txt", "users/date=2024-01-01/a", "users/date=2024-01-02/b"}},
		{"a missing prefix lists nothing", "groups/", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			infos, err := l.List(ctx, tt.prefix)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, info := range infos {
				got = append(got, info.Name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("List(%q) (-want +got):\n%s", tt.prefix, diff)
			}
		})
	}
}

func TestLocalOpen(t *testing.T) {
	ctx := context.Background()
	l := newTestLocal(t)
	if err := l.PutIfAbsent(ctx, "a/b", []byte("0123456789")); err != nil {
		t.Fatal(err)
	}
	r, err := l.Open(ctx, "a/b")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := make([]byte, 3)
	if _, err := r.ReadAt(buf, 4); err != nil || string(buf) != "456" || r.Size() != 10 {
		t.Fatalf("ReadAt = %q, %v, Size %d; want \"456\" and 10", buf, err, r.Size())
	}
	if end, err := r.Seek(0, io.SeekEnd); err != nil || end != 10 {
		t.Fatalf("Seek end = %d, %v; want 10", end, err)
	}
}

func TestLocalMissing(t *testing.T) {
	ctx := context.Background()
	l := newTestLocal(t)
	if err := l.PutIfAbsent(ctx, "file", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := l.PutIfAbsent(ctx, "folder/x", []byte("x")); err != nil {
		t.Fatal(err)
	}
	ops := map[string]func(name string) error{
		"Get":    func(n string) error { _, err := l.Get(ctx, n); return err },
		"Open":   func(n string) error { _, err := l.Open(ctx, n); return err },
		"Stat":   func(n string) error { _, err := l.Stat(ctx, n); return err },
		"Delete": func(n string) error { return l.Delete(ctx, n) },
	}
	for op, fn := range ops {
		for _, name := range []string{"nothing", "file/under", "folder"} {
			t.Run(op+" of "+name+" reports ErrNotExist", func(t *testing.T) {
				if err := fn(name); !errors.Is(err, ErrNotExist) {
					t.Fatalf("%s(%q) = %v; want ErrNotExist", op, name, err)
				}
			})
		}
	}
}

func TestLocalDelete(t *testing.T) {
	ctx := context.Background()
	l := newTestLocal(t)
	if err := l.PutIfAbsent(ctx, "a/b", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := l.Delete(ctx, "a/b"); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Stat(ctx, "a/b"); !errors.Is(err, ErrNotExist) {
		t.Fatalf("Stat after Delete = %v; want ErrNotExist", err)
	}
}
