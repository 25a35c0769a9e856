package table

import (
	"encoding/json"
	"fmt"
	"strings"
)

// AppendTombstone adds a delete row for the key values given by key column
// name, e.g. {"id": "u1"}, with a reason such as "resync" ("" leaves
// _removed_reason null). Key columns hold their values and are listed in
// _fields; every other column is null. key must name each key column, and
// only those.
func (b *Builder) AppendTombstone(key map[string]string, reason string, m Meta) error {
	if b.invalid != nil {
		return b.invalid
	}
	for _, k := range b.table.Key {
		if _, ok := key[k]; !ok {
			return fmt.Errorf("table %s: tombstone %v: key column %s has no value: %w", b.table.Name, key, k, ErrMissingKey)
		}
	}
	if len(key) != len(b.table.Key) {
		return fmt.Errorf("table %s: tombstone %v names columns outside the key (%s)", b.table.Name, key, strings.Join(b.table.Key, ", "))
	}
	clear(b.presentSet)
	for i, col := range b.cols {
		v, ok := key[b.table.Columns[i].Name]
		if ok {
			b.presentSet.add(i)
			b.payNulls(i)
			putText(col.(*varColumn), v) // key columns are strings (Validate)
		} else if b.nullRuns[i] != nil {
			continue // a null, owed (see nullRunColumn)
		} else if err := col.stage(nil); err != nil {
			b.cutRow()
			return fmt.Errorf("table %s: tombstone %v: %w", b.table.Name, key, err)
		}
	}
	for _, c := range b.staging {
		c.keep()
	}
	b.appendMeta(OpDelete, reason, nil, m)
	return nil
}

// appendRemoved turns an item carrying "@removed" into a tombstone.
func (b *Builder) appendRemoved(obj Object, removed json.RawMessage, m Meta) error {
	var r struct {
		Reason string `json:"reason"`
	}
	if err := json.Unmarshal(removed, &r); err != nil {
		return fmt.Errorf("table %s, item %q: read @removed %s: %w: %v", b.table.Name, itemID(obj), head(removed), ErrWrongShape, err)
	}
	key := make(map[string]string, len(b.table.Key))
	for _, k := range b.table.Key {
		c, _ := b.table.column(k)
		raw, ok := c.value(obj)
		if raw = trimSpace(raw); !ok || isNull(raw) {
			return fmt.Errorf("table %s, item %q: removed item has no %s: %w", b.table.Name, itemID(obj), k, ErrMissingKey)
		}
		v, err := parseString(raw)
		if err != nil {
			return &ValueError{Table: b.table.Name, Column: k, Item: itemID(obj), Value: head(raw), Err: err}
		}
		key[k] = string(v)
	}
	return b.AppendTombstone(key, r.Reason, m)
}
