package current

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/store"
)

// merger streams one table's current rows in key order: the snapshot's
// rows, read in key order, merge-joined with the changes since.
type merger struct {
	t    *tableInfo
	tail *tail
	// parent is the parent's view for a child table; watch are the keys of
	// this table its children ask about; out is this table's view for them.
	parent *parentView
	watch  map[string]bool
	out    *parentView
	// emit hears each live row; nil discards them. emitRecord, when set,
	// takes runs of unchanged snapshot rows as record batches of the
	// table's schema instead.
	emit       func(row map[string]any) error
	emitRecord func(rec arrow.RecordBatch) error

	next     int    // the next tail key to merge
	last     string // the last snapshot key, to check the order
	started  bool
	liveRows int64
}

func newMerger(t *tableInfo, tl *tail, parent *parentView, watch map[string]bool, emit func(map[string]any) error) *merger {
	if t.parent != nil && parent == nil {
		parent = newParentView() // the parent table is not in the lake: no row has a live parent
	}
	return &merger{t: t, tail: tl, parent: parent, watch: watch, out: newParentView(), emit: emit}
}

// run merges the snapshot files with the tail.
func (m *merger) run(ctx context.Context, s store.Store, snapshot []parquetin.File) error {
	if err := parquetin.ReadRecords(ctx, s, snapshot, m.snapshotRecord); err != nil {
		return fmt.Errorf("merge %s: %w", m.t.name, err)
	}
	return m.tailUpTo("", false)
}

// tailUpTo merges the tail's keys before k (all of them when bounded is
// false).
func (m *merger) tailUpTo(k string, bounded bool) error {
	keys := m.tail.keys
	for ; m.next < len(keys) && (!bounded || keys[m.next] < k); m.next++ {
		if err := m.key(keys[m.next], nil); err != nil {
			return err
		}
	}
	return nil
}

// snapshotRecord merges a batch of snapshot rows, and the tail's keys
// among them. Runs of rows that nothing changed go out as slices of the
// batch; the others as maps.
func (m *merger) snapshotRecord(rec arrow.RecordBatch) error {
	keys, err := recordKeys(rec, m.t.key, m.t.name)
	if err != nil {
		return err
	}
	var parents []string
	if m.t.parent != nil {
		if parents, err = recordKeys(rec, m.t.parent.Columns, m.t.name); err != nil {
			return err
		}
	}
	copyable := schemaMatches(rec.Schema(), m.t.schema)
	run := newRun(m, rec)
	for i, k := range keys {
		if m.started && k <= m.last {
			return fmt.Errorf("the snapshot of %s is not sorted by key: %q comes after %q", m.t.name, k, m.last)
		}
		m.last, m.started = k, true
		if m.next < len(m.tail.keys) && m.tail.keys[m.next] < k {
			if err := errors.Join(run.flush(i), m.tailUpTo(k, true)); err != nil {
				return err
			}
		}
		changed := m.next < len(m.tail.keys) && m.tail.keys[m.next] == k
		if !changed && copyable {
			if m.keepUnchanged(k, parents, i) {
				run.add(i)
			} else if err := run.flush(i); err != nil {
				return err
			}
			continue
		}
		if changed {
			m.next++
		}
		row, err := rowAt(rec, i)
		if err == nil {
			err = errors.Join(run.flush(i), m.key(k, row))
		}
		if err != nil {
			return err
		}
	}
	return run.flush(len(keys))
}

// keepUnchanged applies the parent rule to snapshot row i, unchanged since
// the snapshot, and keeps the books of a live or gone row.
func (m *merger) keepUnchanged(k string, parents []string, i int) bool {
	if m.t.parent != nil && !m.parent.keeps(parents[i], false, pos{}) {
		m.out.gone[k] = true
		return false
	}
	if m.watch[k] {
		m.out.live[k] = true
	}
	m.liveRows++
	return true
}

// key merges one key: base is its snapshot row (nil when none).
func (m *merger) key(k string, base map[string]any) error {
	c := m.tail.changes[k]
	if c != nil {
		if d, ok := c.lastDelete(); ok {
			m.out.deleted[k] = d
		}
	}
	row, at := m.merged(base, c)
	if row != nil && m.t.parent != nil {
		pk, err := m.t.parentKey(row)
		if err != nil {
			return err
		}
		if !m.parent.keeps(pk, c != nil, at) {
			row = nil
		}
	}
	if row == nil {
		if base != nil {
			m.out.gone[k] = true
		}
		return nil
	}
	if m.watch[k] {
		m.out.live[k] = true
	}
	m.liveRows++
	if m.emit == nil {
		return nil
	}
	return m.emit(row)
}
