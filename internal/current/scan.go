package current

import (
	"context"
	"fmt"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// maxDepth bounds chains of parent links.
const maxDepth = 16

// Scan calls fn with every live row of a table after latest, in key order
// (see View.Scan). ErrUnknownTable means the lake holds no such table.
func Scan(ctx context.Context, s store.Store, latest *manifest.Committed, table string, fn func(row map[string]any) error) error {
	v, err := Open(ctx, s, latest)
	if err != nil {
		return err
	}
	return v.Scan(ctx, table, fn)
}

// Scan calls fn with every live row of a table, in key order: a map from
// each column of the table's schema (the newest file's) to its value as
// package parquetin reads it, nil for null or unknown. The meta columns
// are those of the key's last change (_stream, _round, _seq, _synced_at,
// _extra, and _tenant, nil for a change whose file predates it), _op is
// upsert and _fields names the known columns. The row is
// fn's to keep; an error from fn stops the scan and is returned.
func (v *View) Scan(ctx context.Context, table string, fn func(row map[string]any) error) error {
	chain, err := v.chain(ctx, table)
	if err != nil {
		return err
	}
	tails := make([]*tail, len(chain))
	for i := len(chain) - 1; i >= 0; i-- { // the eldest first: parents' deletes reset children's rows
		var parent *tail
		if i+1 < len(chain) {
			parent = tails[i+1]
		}
		if tails[i], err = loadTail(ctx, v.store, chain[i], v.tailFiles(chain[i].name), parent); err != nil {
			return err
		}
	}
	var view *parentView
	for i := len(chain) - 1; i > 0; i-- {
		watch := map[string]bool{}
		if err := tails[i-1].watch(chain[i-1], watch); err != nil {
			return err
		}
		if view == nil && len(watch) == 0 && len(tails[i].keys) == 0 {
			view = newParentView() // nothing changed that the parent rule could act on
			continue
		}
		m := newMerger(chain[i], tails[i], view, watch, nil)
		if err := m.run(ctx, v.store, v.snapshotFiles(chain[i].name)); err != nil {
			return err
		}
		view = m.out
	}
	return newMerger(chain[0], tails[0], view, nil, fn).run(ctx, v.store, v.snapshotFiles(table))
}

// chain describes a table and its ancestors in the lake: parent,
// grandparent…
func (v *View) chain(ctx context.Context, table string) ([]*tableInfo, error) {
	t, err := v.info(ctx, table)
	if err != nil {
		return nil, err
	}
	chain := []*tableInfo{t}
	for t.parent != nil && v.has(t.parent.Table) {
		if len(chain) > maxDepth {
			return nil, fmt.Errorf("table %s: more than %d parent links in a row; is there a cycle?", table, maxDepth)
		}
		if t, err = v.info(ctx, t.parent.Table); err != nil {
			return nil, err
		}
		chain = append(chain, t)
	}
	return chain, nil
}

// Columns returns a table's columns in schema order.
func (v *View) Columns(ctx context.Context, table string) ([]string, error) {
	t, err := v.info(ctx, table)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, t.schema.NumFields())
	for _, f := range t.schema.Fields() {
		names = append(names, f.Name)
	}
	return names, nil
}
