package parquetout

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
)

// Writer writes one round's record batches as Parquet files, a file set
// per table. It is safe for concurrent use: tables are written in
// parallel, and batches of one table one after another.
type Writer struct {
	opts    Options
	mu      sync.Mutex
	tables  map[partition]*fileSet
	dropped map[string]bool
	closed  bool
}

// partition names one file set: a table's files of one partition day (the
// round's, unless the table declares table.Table.PartitionBy).
type partition struct{ table, day string }

// New returns a Writer with opts; zero sizes take their defaults.
func New(opts Options) *Writer {
	return &Writer{opts: opts.withDefaults(), tables: map[partition]*fileSet{}, dropped: map[string]bool{}}
}

// Write appends rec to table's current file, opening one with rec's schema
// if needed. Every batch of a table must have the schema of its first one.
// A table that declares a partition column (table.Table.PartitionBy) has
// its rows split by that column's UTC day into a file set per day. After a
// failed Write the table takes no more batches. With Options.Tenant set,
// every row gets the _tenant column (see withTenant). rec stays the
// caller's.
func (w *Writer) Write(ctx context.Context, table string, rec arrow.RecordBatch) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("write table %s: %w", table, err)
	}
	rec = withTenant(rec, w.opts.Tenant)
	defer rec.Release()
	runs := w.partitionRuns(rec)
	if runs == nil {
		return w.writeTo(ctx, partition{table: table, day: w.opts.roundDay()}, rec)
	}
	for _, r := range runs {
		slice := rec.NewSlice(r.from, r.to)
		err := w.writeTo(ctx, partition{table: table, day: r.day}, slice)
		slice.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

// writeTo appends rec to the file set of p, creating it if needed.
func (w *Writer) writeTo(ctx context.Context, p partition, rec arrow.RecordBatch) error {
	w.mu.Lock()
	switch {
	case w.closed:
		w.mu.Unlock()
		return fmt.Errorf("write table %s: Parquet writer already closed", p.table)
	case w.dropped[p.table]:
		w.mu.Unlock()
		return fmt.Errorf("write table %s: the table's files of this round were dropped", p.table)
	}
	t, ok := w.tables[p]
	if !ok {
		t = &fileSet{name: p.table, day: p.day, next: w.opts.FirstPart}
		w.tables[p] = t
	}
	w.mu.Unlock()
	return t.write(ctx, w.opts, rec)
}

// Close finishes and commits every open file and returns all files
// written, sorted by table then path. On error the files committed so far
// are returned with it; they are orphans unless the caller commits them.
func (w *Writer) Close(ctx context.Context) ([]File, error) {
	var files []File
	var errs []error
	for _, t := range w.stop() {
		fs, err := t.close(ctx, w.opts)
		files = append(files, fs...)
		errs = append(errs, err)
	}
	sort.Slice(files, func(i, j int) bool {
		if files[i].Table != files[j].Table {
			return files[i].Table < files[j].Table
		}
		return files[i].Path < files[j].Path
	})
	if err := errors.Join(errs...); err != nil {
		return files, fmt.Errorf("close Parquet files: %w", err)
	}
	return files, nil
}

// Abort discards every open file and deletes the files already committed
// (no round names them). Failures leave orphans for garbage collection
// and are not reported.
func (w *Writer) Abort(ctx context.Context) {
	for _, t := range w.stop() {
		_ = t.abort(ctx, w.opts.Store)
	}
}

// Drop discards what was written to the named tables this round (their
// open files and the files already committed) and refuses further batches
// for them; the other tables carry on. Used when the one source that
// writes them fails as a whole. Failures leave orphans for garbage
// collection and are not reported.
func (w *Writer) Drop(ctx context.Context, tables ...string) {
	for _, name := range tables {
		w.mu.Lock()
		w.dropped[name] = true
		var sets []*fileSet
		for p, t := range w.tables {
			if p.table == name {
				sets = append(sets, t)
			}
		}
		w.mu.Unlock()
		for _, t := range sets {
			_ = t.abort(ctx, w.opts.Store)
		}
	}
}

// stop refuses further writes and returns the tables sorted by name.
func (w *Writer) stop() []*fileSet {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	ts := make([]*fileSet, 0, len(w.tables))
	for _, t := range w.tables {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].name != ts[j].name {
			return ts[i].name < ts[j].name
		}
		return ts[i].day < ts[j].day
	})
	return ts
}
