package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// PutIfAbsent writes data to a synced temporary file and hard-links it to
// the object's path. A link never replaces an existing file, so of many
// concurrent callers exactly one succeeds; the others get ErrExist.
func (l *Local) PutIfAbsent(ctx context.Context, name string, data []byte) error {
	p, err := l.path(ctx, "put", name)
	if err != nil {
		return err
	}
	f, err := createTemp(p)
	if err != nil {
		return fmt.Errorf("put %s: %w", p, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("put %s: write %s: %w", p, f.Name(), err)
	}
	if err := closeDurably(f); err != nil {
		return fmt.Errorf("put %s: %w", p, err)
	}
	if err := os.Link(f.Name(), p); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("put %s: %w", p, ErrExist)
		}
		return fmt.Errorf("put %s: %w", p, err)
	}
	if err := syncDir(filepath.Dir(p)); err != nil {
		return fmt.Errorf("put %s: %w", p, err)
	}
	return nil
}

// createTemp creates the folder of path and a hidden temporary file in it,
// readable by all like any object.
func createTemp(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "."+base+tempMarker+"*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// closeDurably syncs f to disk and closes it.
func closeDurably(f *os.File) error {
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", f.Name(), err)
	}
	return nil
}

// syncDir makes a rename or link in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}
