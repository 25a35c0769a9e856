package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// writeBuffer is how much a Local writer buffers before it writes to the
// temporary file; Parquet writers emit many small writes.
const writeBuffer = 256 << 10

// errDone means a Local writer was used after Commit or Abort.
var errDone = errors.New("object writer already committed or aborted")

// localWriter streams an object into a temporary file next to its final
// path.
type localWriter struct {
	mu    sync.Mutex
	l     *Local
	name  string // the object's name
	final string // its location, for messages
	tmp   *os.File
	temp  string // the temporary file's path under the root
	buf   *bufio.Writer
	done  bool
}

// Create starts a new object. It is written to a hidden temporary file in
// the object's folder and renamed into place by Commit.
func (l *Local) Create(ctx context.Context, name string) (Writer, error) {
	p, err := l.path(ctx, "create", name)
	if err != nil {
		return nil, err
	}
	f, temp, err := l.createTemp(p)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", l.Location(name), escapeErr(err))
	}
	return &localWriter{l: l, name: name, final: l.Location(name), tmp: f, temp: temp, buf: bufio.NewWriterSize(f, writeBuffer)}, nil
}

// Write appends p to the object.
func (w *localWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return 0, fmt.Errorf("write %s: %w", w.final, errDone)
	}
	n, err := w.buf.Write(p)
	if err != nil {
		return n, fmt.Errorf("write %s: %w", w.tmp.Name(), err)
	}
	return n, nil
}

// Commit flushes and syncs the temporary file, renames it onto the
// object's path and syncs the folder. On failure the temporary file is
// removed and nothing is visible.
func (w *localWriter) Commit(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return fmt.Errorf("commit %s: %w", w.final, errDone)
	}
	w.done = true
	err := ctx.Err()
	if err == nil {
		err = w.buf.Flush()
	}
	if err == nil {
		err = closeDurably(w.tmp)
	} else {
		w.tmp.Close()
	}
	if err == nil {
		err = w.l.dir.Rename(w.temp, filepath.FromSlash(w.name))
	}
	if err == nil {
		err = w.l.syncDir(filepath.Dir(w.temp))
	}
	if err != nil {
		w.l.dir.Remove(w.temp)
		return fmt.Errorf("commit %s: %w", w.final, escapeErr(err))
	}
	return nil
}

// Abort removes the temporary file. After Commit it does nothing.
func (w *localWriter) Abort(context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return nil
	}
	w.done = true
	w.tmp.Close()
	if err := w.l.dir.Remove(w.temp); err != nil && !isNotExist(err) {
		return fmt.Errorf("abort %s: remove %s: %w", w.final, w.tmp.Name(), err)
	}
	return nil
}
