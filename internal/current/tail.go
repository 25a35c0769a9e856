package current

import (
	"context"
	"fmt"
	"sort"

	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/table"
)

// pos is a row's place in the change log.
type pos struct{ round, seq int64 }

func (a pos) before(b pos) bool { return a.round < b.round || a.round == b.round && a.seq < b.seq }

func posOf(row map[string]any) pos {
	round, _ := row[table.ColRound].(int64)
	seq, _ := row[table.ColSeq].(int64)
	return pos{round, seq}
}

// lastChangeColumns are the meta columns a live row takes from its key's
// last change (_tenant: null when the change's file predates it).
var lastChangeColumns = []string{table.ColRound, table.ColSeq, table.ColSyncedAt, table.ColStream, table.ColExtra, table.ColTenant}

// change is what the change log after the snapshot says of one key, folded.
type change struct {
	at   pos  // the last change
	live bool // the last change is an upsert
	// reset is set once a delete came (of the key, or of its parent row):
	// the snapshot's row is gone. deletes are the key's own deletes.
	reset   bool
	deletes []pos
	// vals hold the key columns, the columns carried since the last delete
	// (or since the snapshot) and the last change's meta columns; fields
	// names the carried columns.
	vals   map[string]any
	fields map[string]bool
}

// tail is a table's changes after the snapshot, by key.
type tail struct {
	keys    []string // sorted
	changes map[string]*change
}

// lastDelete is the place of the key's last delete, if any.
func (c *change) lastDelete() (pos, bool) {
	if len(c.deletes) == 0 {
		return pos{}, false
	}
	return c.deletes[len(c.deletes)-1], true
}

// deletedBetween reports whether the key was deleted after a and before b.
func (c *change) deletedBetween(a, b pos) bool {
	for _, d := range c.deletes {
		if a.before(d) && d.before(b) {
			return true
		}
	}
	return false
}

// loadTail folds a table's change-log files after the snapshot. For a
// child table, parent is its parent's tail: a parent's delete resets the
// child rows written before it, so that a child row written again after
// it starts afresh, as a re-created key does.
func loadTail(ctx context.Context, s store.Store, t *tableInfo, files []parquetin.File, parent *tail) (*tail, error) {
	tl := &tail{changes: map[string]*change{}}
	if err := parquetin.ReadRows(ctx, s, files, func(row map[string]any) error { return tl.apply(t, row, parent) }); err != nil {
		return nil, fmt.Errorf("read the changes to %s since the snapshot: %w", t.name, err)
	}
	tl.keys = make([]string, 0, len(tl.changes))
	for k := range tl.changes {
		tl.keys = append(tl.keys, k)
	}
	sort.Strings(tl.keys)
	return tl, nil
}

// apply folds one change-log row in. A key's rows must come in (_round,
// _seq) order, as each round's files hold them.
func (tl *tail) apply(t *tableInfo, row map[string]any, parent *tail) error {
	k, err := t.keyOf(row)
	if err != nil {
		return err
	}
	p := posOf(row)
	c, ok := tl.changes[k]
	if !ok {
		c = &change{}
		tl.changes[k] = c
	} else if !c.at.before(p) {
		return fmt.Errorf("row %q at round %d seq %d is not newer than round %d seq %d: rows out of order", k, p.round, p.seq, c.at.round, c.at.seq)
	}
	if parent != nil {
		pk, err := t.parentKey(row)
		if err != nil {
			return err
		}
		if pc := parent.changes[pk]; pc != nil && pc.deletedBetween(c.at, p) {
			c.live, c.reset, c.vals, c.fields = false, true, nil, nil
		}
	}
	c.at = p
	if row[table.ColOp] == table.OpDelete {
		c.live, c.reset, c.vals, c.fields = false, true, nil, nil
		c.deletes = append(c.deletes, p)
		return nil
	}
	if !c.live {
		c.live, c.vals, c.fields = true, map[string]any{}, map[string]bool{}
	}
	for _, col := range t.key {
		c.vals[col] = row[col]
	}
	fields, _ := row[table.ColFields].([]any)
	for _, f := range fields {
		if name, ok := f.(string); ok {
			c.vals[name], c.fields[name] = row[name], true
		}
	}
	for _, col := range lastChangeColumns {
		c.vals[col] = row[col]
	}
	return nil
}

// watch adds to keys the parent keys of the live changed rows of a child
// table t: the parent rows whose liveness the child's merge needs.
func (tl *tail) watch(t *tableInfo, keys map[string]bool) error {
	for _, k := range tl.keys {
		c := tl.changes[k]
		if !c.live {
			continue
		}
		pk, err := t.parentKey(c.vals)
		if err != nil {
			return err
		}
		keys[pk] = true
	}
	return nil
}
