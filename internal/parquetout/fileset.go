package parquetout

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/internal/store"
)

// fileSet is the files of one table: committed parts and the open one.
type fileSet struct {
	mu     sync.Mutex
	name   string
	day    string        // partition day, YYYY-MM-DD; "" for the round's day
	schema *arrow.Schema // of the first batch; later ones must match
	cur    *part         // open file, or nil
	next   int           // number of the next part
	files  []File
	// empty is an empty batch kept for Options.KeepEmpty: written at close
	// when no row came, so that a file's encodings are chosen from its
	// first rows (see chooseColumns), not from a batch without any.
	empty arrow.RecordBatch
	err   error // first failure; the table takes no more writes
	done  bool  // closed or aborted
}

// write appends rec to the open part, opening one if needed, then flushes
// the row group or commits the part when they are big enough.
func (t *fileSet) write(ctx context.Context, o Options, rec arrow.RecordBatch) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case t.err != nil:
		return fmt.Errorf("table %s: an earlier write failed: %w", t.name, t.err)
	case t.done:
		return fmt.Errorf("table %s: writer already closed", t.name)
	}
	if err := t.writeLocked(ctx, o, rec); err != nil {
		return t.failLocked(ctx, err)
	}
	return nil
}

// failLocked records err as the table's failure, aborts the open part, if
// any, and returns the failure naming the table; the caller holds t.mu.
func (t *fileSet) failLocked(ctx context.Context, err error) error {
	t.err = err
	if t.cur != nil {
		t.err = errors.Join(err, t.cur.abort(context.WithoutCancel(ctx)))
		t.cur = nil
	}
	return fmt.Errorf("table %s: %w", t.name, t.err)
}

// writeLocked does write's work; the caller holds t.mu and cleans up on
// error.
func (t *fileSet) writeLocked(ctx context.Context, o Options, rec arrow.RecordBatch) error {
	if t.schema == nil {
		t.schema = rec.Schema()
	}
	if !t.schema.Equal(rec.Schema()) {
		return fmt.Errorf("batch schema differs from the table's first batch:\nbatch: %s\ntable: %s", rec.Schema(), t.schema)
	}
	if rec.NumRows() == 0 {
		if o.KeepEmpty && t.empty == nil {
			rec.Retain()
			t.empty = rec
		}
		return nil
	}
	if err := t.appendLocked(ctx, o, rec); err != nil {
		return err
	}
	switch {
	case t.cur.size() >= o.TargetFileBytes:
		return t.commitLocked(ctx)
	case t.cur.buffered() >= o.RowGroupBytes || t.cur.groupRows >= o.RowGroupRows:
		return t.cur.newRowGroup()
	}
	return nil
}

// appendLocked writes rec to the open part, opening one if needed; the
// caller holds t.mu and cleans up on error.
func (t *fileSet) appendLocked(ctx context.Context, o Options, rec arrow.RecordBatch) error {
	if t.cur == nil {
		p, err := openPart(ctx, o, t.name, o.objectName(t.name, t.day, t.next), rec)
		if err != nil {
			return err
		}
		t.cur, t.next = p, t.next+1
	}
	return t.cur.write(rec)
}

// commitLocked commits the open part, if any.
func (t *fileSet) commitLocked(ctx context.Context) error {
	if t.cur == nil {
		return nil
	}
	f, err := t.cur.commit(ctx)
	t.cur = nil // committed, or aborted by commit
	if err != nil {
		return err
	}
	t.files = append(t.files, f)
	return nil
}

// close commits the open part, or the file of no rows KeepEmpty asks for
// when there is no part, and returns every file of the table.
func (t *fileSet) close(ctx context.Context, o Options) ([]File, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.done = true
	defer t.releaseEmpty()
	if t.err != nil {
		return t.files, fmt.Errorf("table %s: %w", t.name, t.err)
	}
	if t.next == 0 && t.empty != nil {
		if err := t.appendLocked(ctx, o, t.empty); err != nil {
			return t.files, t.failLocked(ctx, err)
		}
	}
	if err := t.commitLocked(ctx); err != nil {
		return t.files, t.failLocked(ctx, err) // commit aborted the part
	}
	return t.files, nil
}

// releaseEmpty releases the kept empty batch; the caller holds t.mu.
func (t *fileSet) releaseEmpty() {
	if t.empty != nil {
		t.empty.Release()
		t.empty = nil
	}
}

// abort discards the open part and deletes the committed ones.
func (t *fileSet) abort(ctx context.Context, s store.Store) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.done = true
	t.releaseEmpty()
	var errs []error
	if t.cur != nil {
		errs = append(errs, t.cur.abort(ctx))
		t.cur = nil
	}
	for _, f := range t.files {
		errs = append(errs, s.Delete(ctx, f.Path))
	}
	t.files = nil
	return errors.Join(errs...)
}
