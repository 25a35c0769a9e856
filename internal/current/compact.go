package current

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/store"
)

// Options says what snapshot Compact writes.
type Options struct {
	// Round is the round whose state the snapshot holds: the view's last.
	Round int64
	// RunID names the writing run in the snapshot's folders.
	RunID string
	// TargetFileBytes and RowGroupBytes tune the Parquet files as for the
	// change log (0: parquetout's defaults).
	TargetFileBytes, RowGroupBytes int64
}

// Due reports whether round should write a snapshot when they are written
// every rounds: once every rounds have passed since the last snapshot, or
// since the lake began when there is none. Never when every is 0 or less.
func Due(last *manifest.CurrentRef, round int64, every int) bool {
	if every <= 0 {
		return false
	}
	since := int64(0)
	if last != nil {
		since = last.Round
	}
	return round-since >= int64(every)
}

// Compact writes a snapshot of every table of v and returns its reference
// for a manifest entry to carry. Each table's previous snapshot is
// streamed in key order and merged with the table's changes since, held in
// memory; parents are merged before their children. On error the files it
// wrote are deleted (a failure to delete leaves them to `etl gc`).
func Compact(ctx context.Context, v *View, o Options) (ref *manifest.CurrentRef, err error) {
	infos, err := v.infoAll(ctx)
	if err != nil {
		return nil, err
	}
	names, err := order(infos)
	if err != nil {
		return nil, err
	}
	tails := map[string]*tail{}
	for _, n := range names { // parents first: their deletes reset their children's rows
		var parent *tail
		if p := infos[n].parent; p != nil {
			parent = tails[p.Table]
		}
		if tails[n], err = loadTail(ctx, v.store, infos[n], v.tailFiles(n), parent); err != nil {
			return nil, err
		}
	}
	watches := map[string]map[string]bool{}
	for _, n := range names {
		if p := infos[n].parent; p != nil {
			if watches[p.Table] == nil {
				watches[p.Table] = map[string]bool{}
			}
			if err := tails[n].watch(infos[n], watches[p.Table]); err != nil {
				return nil, err
			}
		}
	}
	ref = &manifest.CurrentRef{Round: o.Round}
	defer func() {
		if err != nil {
			Discard(context.WithoutCancel(ctx), v.store, ref, o.RunID)
			ref = nil
		}
	}()
	views := map[string]*parentView{}
	for _, n := range names {
		var parent *parentView
		if p := infos[n].parent; p != nil {
			parent = views[p.Table]
		}
		ct, out, err := writeTable(ctx, v, newMerger(infos[n], tails[n], parent, watches[n], nil), o)
		if ct != nil {
			ref.Tables = append(ref.Tables, *ct)
		}
		if err != nil {
			return ref, err
		}
		views[n] = out
	}
	sortTables(ref.Tables)
	return ref, nil
}

// infoAll describes every table.
func (v *View) infoAll(ctx context.Context) (map[string]*tableInfo, error) {
	infos := map[string]*tableInfo{}
	for _, n := range v.Tables() {
		t, err := v.info(ctx, n)
		if err != nil {
			return nil, err
		}
		infos[n] = t
	}
	return infos, nil
}

// writeTable streams one table's merge into its snapshot files. The files
// it committed come back even with an error, for the caller to discard.
func writeTable(ctx context.Context, v *View, m *merger, o Options) (*manifest.CurrentTable, *parentView, error) {
	name := m.t.name
	w := parquetout.New(parquetout.Options{Store: v.store, Round: o.Round, RunID: o.RunID, KeepEmpty: true, SortedByKey: true,
		TargetFileBytes: o.TargetFileBytes, RowGroupBytes: o.RowGroupBytes,
		ObjectName: func(table string, part int) string { return partName(table, o.Round, o.RunID, part) }})
	rw := newRecordWriter(m.t.schema, func(rec arrow.RecordBatch) error { return w.Write(ctx, name, rec) })
	defer rw.release()
	m.emit = rw.add
	m.emitRecord = func(rec arrow.RecordBatch) error {
		if rw.rows > 0 {
			if err := rw.flush(); err != nil {
				return err
			}
		}
		return w.Write(ctx, name, rec)
	}
	err := rw.flush() // an empty batch: the table gets a file even without rows
	if err == nil {
		err = m.run(ctx, v.store, v.snapshotFiles(name))
	}
	if err == nil && rw.rows > 0 {
		err = rw.flush()
	}
	if err != nil {
		w.Abort(context.WithoutCancel(ctx))
		return nil, nil, fmt.Errorf("write the snapshot of %s: %w", name, err)
	}
	files, err := w.Close(ctx)
	ct := &manifest.CurrentTable{Table: name, Path: SnapshotDir(name, o.Round, o.RunID), Rows: m.liveRows}
	var rows int64
	for _, f := range files {
		ct.Files = append(ct.Files, manifest.File{Table: f.Table, Path: f.Path, Rows: f.Rows, Bytes: f.Bytes, SHA256: f.SHA256})
		rows += f.Rows
	}
	if err == nil && rows != ct.Rows {
		err = fmt.Errorf("wrote %d rows, merged %d", rows, ct.Rows)
	}
	if err != nil {
		return ct, nil, fmt.Errorf("write the snapshot of %s: %w", name, err)
	}
	return ct, m.out, nil
}

// Discard deletes the files of the snapshot of ref's round that run runID
// wrote: those of a run that lost the commit race, or of a failed
// compaction. A file ref names outside that run's snapshot folders is left
// alone: a reference carried forward from the lake names files the run did
// not write, whatever a hostile entry made it name. Failures only leave
// garbage for `etl gc`.
func Discard(ctx context.Context, s store.Store, ref *manifest.CurrentRef, runID string) {
	for _, t := range ref.Tables {
		dir := SnapshotDir(t.Table, ref.Round, runID)
		for _, f := range t.Files {
			if strings.HasPrefix(f.Path, dir) {
				_ = s.Delete(ctx, f.Path)
			}
		}
	}
}
