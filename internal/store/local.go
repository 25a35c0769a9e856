package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Local is a Store in a folder of the local file system. Objects are
// regular files under the root; writes go to hidden temporary files that
// are renamed or linked into place, so no reader sees a partial object.
//
// Every file is reached through an os.Root, so a symbolic link that
// someone with write access to the lake planted (a folder or an object
// linked to a place outside the root) is never followed out of it: the
// operation fails with an error naming the object (see escapeErr).
type Local struct {
	root string
	dir  *os.Root
}

var _ Store = (*Local)(nil)

// NewLocal returns a store rooted at root, creating the folder (folderMode
// less the umask) if it is missing.
func NewLocal(root string) (*Local, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("open local store %s: %w", root, err)
	}
	if err := os.MkdirAll(abs, folderMode); err != nil {
		return nil, fmt.Errorf("open local store %s: %w", abs, err)
	}
	dir, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("open local store %s: %w", abs, err)
	}
	return &Local{root: abs, dir: dir}, nil
}

// Location returns the absolute file path of name.
func (l *Local) Location(name string) string {
	return filepath.Join(l.root, filepath.FromSlash(name))
}

// path checks name and returns its file path relative to the root, for
// l.dir.
func (l *Local) path(ctx context.Context, op, name string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("%s %s: %w", op, l.Location(name), err)
	}
	if err := checkName(name); err != nil {
		return "", fmt.Errorf("%s in %s: %w", op, l.root, err)
	}
	return filepath.FromSlash(name), nil
}

// Get returns the content of name.
func (l *Local) Get(ctx context.Context, name string) ([]byte, error) {
	p, err := l.path(ctx, "get", name)
	if err != nil {
		return nil, err
	}
	r, err := l.Open(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("get: %w", err)
	}
	defer r.Close()
	b := make([]byte, r.Size())
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("get %s: %w", l.Location(p), err)
	}
	return b, nil
}

// Stat describes name.
func (l *Local) Stat(ctx context.Context, name string) (Info, error) {
	p, err := l.path(ctx, "stat", name)
	if err != nil {
		return Info{}, err
	}
	fi, err := l.dir.Stat(p)
	if err != nil {
		return Info{}, l.fsErr("stat", name, err)
	}
	if !fi.Mode().IsRegular() {
		return Info{}, fmt.Errorf("stat %s: not a regular file: %w", l.Location(name), ErrNotExist)
	}
	return Info{Name: name, Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

// Delete removes name. Folders it leaves empty stay.
func (l *Local) Delete(ctx context.Context, name string) error {
	p, err := l.path(ctx, "delete", name)
	if err != nil {
		return err
	}
	if _, err := l.Stat(ctx, name); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	if err := l.dir.Remove(p); err != nil {
		return l.fsErr("delete", name, err)
	}
	return nil
}

// fsErr wraps a file system error about the object name, mapping "no
// such file" to ErrNotExist and a link out of the root to escapeErr.
func (l *Local) fsErr(op, name string, err error) error {
	if isNotExist(err) {
		return fmt.Errorf("%s %s: %w", op, l.Location(name), ErrNotExist)
	}
	return fmt.Errorf("%s %s: %w", op, l.Location(name), escapeErr(err))
}

// ErrOutsideRoot means a name leads out of a Local store's root through a
// symbolic link: etl reads and writes only inside the lake.
var ErrOutsideRoot = errors.New("a symbolic link under the lake's folder leads outside the lake, which etl never reads or writes: remove the link (and run etl verify)")

// escapeErr wraps err in ErrOutsideRoot when it is os.Root's refusal of a
// path that escapes the root, which the os package does not export: an
// error, wrapped at any depth, that says only "path escapes from parent".
func escapeErr(err error) error {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if e.Error() == "path escapes from parent" {
			return fmt.Errorf("%w (%w)", ErrOutsideRoot, err)
		}
	}
	return err
}

// isNotExist reports whether err means a path or one of its folders is
// missing.
func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
