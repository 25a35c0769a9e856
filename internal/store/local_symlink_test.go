package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocalNeverFollowsALinkOutOfTheRoot plants symbolic links in a lake
// that lead outside it, as someone with write access to the lake's folder
// may: a folder and an object. Every operation on a name through them is
// refused with an error naming the object, and nothing outside the root is
// read, written or removed.
func TestLocalNeverFollowsALinkOutOfTheRoot(t *testing.T) {
	ctx := context.Background()
	// writes: the operation replaces the object, so a link in its place
	// (not in a folder) is replaced, its target untouched, and no error
	// is due.
	tests := []struct {
		name   string
		writes bool
		op     func(l *Local, name string) error
	}{
		{"Create", true, func(l *Local, name string) error {
			w, err := l.Create(ctx, name)
			if err != nil {
				return err
			}
			defer w.Abort(ctx)
			if _, err := w.Write([]byte("new")); err != nil {
				return err
			}
			return w.Commit(ctx)
		}},
		{"PutIfAbsent", true, func(l *Local, name string) error { return l.PutIfAbsent(ctx, name+".new", []byte("new")) }},
		{"Get", false, func(l *Local, name string) error { _, err := l.Get(ctx, name); return err }},
		{"GetAtMost", false, func(l *Local, name string) error { _, err := GetAtMost(ctx, l, name, 1<<20); return err }},
		{"Open", false, func(l *Local, name string) error {
			r, err := l.Open(ctx, name)
			if err == nil {
				r.Close()
			}
			return err
		}},
		{"Stat", false, func(l *Local, name string) error { _, err := l.Stat(ctx, name); return err }},
		{"Delete", false, func(l *Local, name string) error { return l.Delete(ctx, name) }},
	}
	for _, through := range []string{"a linked folder", "a linked object"} {
		for _, tt := range tests {
			t.Run(through+"/"+tt.name, func(t *testing.T) {
				outside := t.TempDir()
				secret := filepath.Join(outside, "secret")
				if err := os.WriteFile(secret, []byte("not the lake's"), 0o600); err != nil {
					t.Fatal(err)
				}
				l := newTestLocal(t)
				name := "users/secret"
				if through == "a linked folder" {
					if err := os.Symlink(outside, l.Location("users")); err != nil {
						t.Fatal(err)
					}
				} else {
					if err := os.MkdirAll(l.Location("users"), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.Symlink(secret, l.Location(name)); err != nil {
						t.Fatal(err)
					}
				}
				err := tt.op(l, name)
				if tt.writes && through == "a linked object" {
					err = errors.Join(err, errors.New("checked below"))
				}
				if err == nil {
					t.Fatalf("%s through %s succeeded", tt.name, through)
				}
				if !tt.writes || through == "a linked folder" {
					checkEscapeError(t, err, l.Location("users"))
				}
				entries, _ := os.ReadDir(outside)
				if len(entries) != 1 {
					t.Errorf("the folder outside the lake holds %d files, want only its own", len(entries))
				}
				if b, err := os.ReadFile(secret); err != nil || string(b) != "not the lake's" {
					t.Errorf("the file outside the lake is now %q, %v", b, err)
				}
			})
		}
	}
}

// TestLocalListsNothingThroughALinkOutOfTheRoot lists prefixes whose
// folders are links leading outside the lake: nothing outside is listed,
// so gc can never name (and delete) it.
func TestLocalListsNothingThroughALinkOutOfTheRoot(t *testing.T) {
	ctx := context.Background()
	outside := t.TempDir()
	if err := os.MkdirAll(filepath.Join(outside, "users"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "users", "x.parquet"), []byte("not the lake's"), 0o600); err != nil {
		t.Fatal(err)
	}
	l := newTestLocal(t)
	if err := os.Symlink(outside, l.Location("current")); err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"", "current/", "current/users/", "current/users/x"} {
		infos, err := l.List(ctx, prefix)
		if err == nil && len(infos) > 0 {
			t.Errorf("List(%q) = %v, reaching outside the lake", prefix, infos)
		}
	}
}

// checkEscapeError checks that err names the object at location and
// says what to do.
func checkEscapeError(t *testing.T, err error, location string) {
	t.Helper()
	for _, want := range []string{location, "outside the lake", "remove the link"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
