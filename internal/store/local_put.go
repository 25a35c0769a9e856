package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// PutIfAbsent is PutIfAbsentFrom of data.
func (l *Local) PutIfAbsent(ctx context.Context, name string, data []byte) error {
	return l.PutIfAbsentFrom(ctx, name, bytes.NewReader(data))
}

// PutIfAbsentFrom writes body to a synced temporary file and hard-links it
// to the object's path. A link never replaces an existing file, so of many
// concurrent callers exactly one succeeds; the others get ErrExist.
func (l *Local) PutIfAbsentFrom(ctx context.Context, name string, body Body) error {
	p, err := l.path(ctx, "put", name)
	if err != nil {
		return err
	}
	loc := l.Location(name)
	f, temp, err := l.createTemp(p)
	if err != nil {
		return fmt.Errorf("put %s: %w", loc, escapeErr(err))
	}
	defer l.dir.Remove(temp)
	if _, err := io.Copy(f, io.NewSectionReader(body, 0, body.Size())); err != nil {
		f.Close()
		return fmt.Errorf("put %s: write %s: %w", loc, f.Name(), err)
	}
	if err := closeDurably(f); err != nil {
		return fmt.Errorf("put %s: %w", loc, err)
	}
	if err := l.dir.Link(temp, p); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("put %s: %w", loc, ErrExist)
		}
		return fmt.Errorf("put %s: %w", loc, escapeErr(err))
	}
	if err := l.syncDir(filepath.Dir(p)); err != nil {
		return fmt.Errorf("put %s: %w", loc, err)
	}
	return nil
}

// The modes of what a Local store creates, before the process's umask
// takes its bits away, as open(2) and mkdir(2) do: with the usual umask
// 022, files are 0644 and folders 0755; with 077, 0600 and 0700.
const (
	fileMode   = 0o666
	folderMode = 0o777
)

// createTemp creates the folder of path (relative to the root) and a
// hidden temporary file in it, with the mode of any object (fileMode less
// the umask), and returns the file and its path relative to the root.
func (l *Local) createTemp(path string) (*os.File, string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if err := l.dir.MkdirAll(dir, folderMode); err != nil {
		return nil, "", err
	}
	for range 100 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		name := filepath.Join(dir, "."+base+tempMarker+strconv.FormatUint(binary.LittleEndian.Uint64(b[:]), 10))
		f, err := l.dir.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, name, err
	}
	return nil, "", fmt.Errorf("create a temporary file in %s: too many names taken", l.Location(filepath.ToSlash(dir)))
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

// syncDir makes a rename or link in dir (relative to the root) durable.
func (l *Local) syncDir(dir string) error {
	d, err := l.dir.Open(dir)
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", l.Location(filepath.ToSlash(dir)), err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync folder %s: %w", d.Name(), err)
	}
	return nil
}
