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
type Local struct {
	root string
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
	return &Local{root: abs}, nil
}

// Location returns the absolute file path of name.
func (l *Local) Location(name string) string {
	return filepath.Join(l.root, filepath.FromSlash(name))
}

// path checks name and returns its file path.
func (l *Local) path(ctx context.Context, op, name string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("%s %s: %w", op, l.Location(name), err)
	}
	if err := checkName(name); err != nil {
		return "", fmt.Errorf("%s in %s: %w", op, l.root, err)
	}
	return l.Location(name), nil
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
		return nil, fmt.Errorf("get %s: %w", p, err)
	}
	return b, nil
}

// Stat describes name.
func (l *Local) Stat(ctx context.Context, name string) (Info, error) {
	p, err := l.path(ctx, "stat", name)
	if err != nil {
		return Info{}, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return Info{}, fsErr("stat", p, err)
	}
	if !fi.Mode().IsRegular() {
		return Info{}, fmt.Errorf("stat %s: not a regular file: %w", p, ErrNotExist)
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
	if err := os.Remove(p); err != nil {
		return fsErr("delete", p, err)
	}
	return nil
}

// fsErr wraps a file system error, mapping "no such file" to ErrNotExist.
func fsErr(op, path string, err error) error {
	if isNotExist(err) {
		return fmt.Errorf("%s %s: %w", op, path, ErrNotExist)
	}
	return fmt.Errorf("%s %s: %w", op, path, err)
}

// isNotExist reports whether err means a path or one of its folders is
// missing.
func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
