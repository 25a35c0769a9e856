package store

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

// localReader is an open object file.
type localReader struct {
	*os.File
	size int64
}

// Size returns the object's length in bytes.
func (r *localReader) Size() int64 { return r.size }

// Open opens name for reading at any offset.
func (l *Local) Open(ctx context.Context, name string) (Reader, error) {
	p, err := l.path(ctx, "open", name)
	if err != nil {
		return nil, err
	}
	f, err := l.dir.Open(p)
	if err != nil {
		return nil, l.fsErr("open", name, err)
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("not a regular file: %w", ErrNotExist)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open %s: %w", l.Location(name), err)
	}
	return &localReader{File: f, size: fi.Size()}, nil
}

// List returns the objects whose names start with prefix, sorted by name.
// Temporary files of uncommitted writes are not objects and are skipped.
func (l *Local) List(ctx context.Context, prefix string) ([]Info, error) {
	if err := checkPrefix(prefix); err != nil {
		return nil, fmt.Errorf("list %s: %w", l.root, err)
	}
	// Walk the deepest folder the prefix names in full; filter the rest.
	// fs.WalkDir follows a link only where it starts, and l.dir only
	// inside the root.
	var out []Info
	err := fs.WalkDir(l.dir.FS(), path.Dir(prefix+"x"), func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if isNotExist(err) {
				return nil // missing folder, or removed while we walked
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.Type().IsRegular() || isTemp(d.Name()) || !strings.HasPrefix(name, prefix) {
			return nil
		}
		fi, err := d.Info()
		if isNotExist(err) {
			return nil
		} else if err != nil {
			return err
		}
		out = append(out, Info{Name: name, Size: fi.Size(), ModTime: fi.ModTime()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", l.Location(prefix), escapeErr(err))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
