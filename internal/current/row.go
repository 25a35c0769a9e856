package current

import (
	"slices"

	"github.com/graphlake/graphlake/sdk/table"
)

// merged is the key's live row and its last change's place, or nil when
// the key is not live.
func (m *merger) merged(base map[string]any, c *change) (map[string]any, pos) {
	switch {
	case c == nil:
		return m.complete(base, nil), posOf(base)
	case !c.live:
		return nil, c.at
	}
	row := make(map[string]any, m.t.schema.NumFields())
	known := map[string]bool{}
	if base != nil && !c.reset {
		for k, v := range base {
			row[k] = v
		}
		fields, _ := base[table.ColFields].([]any)
		for _, f := range fields {
			if name, ok := f.(string); ok {
				known[name] = true
			}
		}
	}
	for k, v := range c.vals {
		row[k] = v
	}
	for f := range c.fields {
		known[f] = true
	}
	return m.complete(row, known), c.at
}

// complete gives a row exactly the schema's columns and an upsert's meta
// columns; _fields becomes known (when not nil), limited to the declared
// columns and sorted.
func (m *merger) complete(row map[string]any, known map[string]bool) map[string]any {
	for k := range row {
		if !m.t.columns[k] {
			delete(row, k)
		}
	}
	for _, f := range m.t.schema.Fields() {
		if _, ok := row[f.Name]; !ok {
			row[f.Name] = nil
		}
	}
	row[table.ColOp], row[table.ColRemovedReason] = table.OpUpsert, nil
	if known == nil && m.undeclared(row[table.ColFields]) {
		known = map[string]bool{}
		list, _ := row[table.ColFields].([]any)
		for _, f := range list {
			if name, ok := f.(string); ok {
				known[name] = true
			}
		}
	}
	if known != nil {
		row[table.ColFields] = m.fieldList(known)
	}
	return row
}

// undeclared reports whether a snapshot row's _fields names a column the
// table no longer declares.
func (m *merger) undeclared(fields any) bool {
	list, _ := fields.([]any)
	for _, f := range list {
		if name, ok := f.(string); !ok || !m.t.declared[name] {
			return true
		}
	}
	return false
}

// fieldList is _fields: the known declared columns, sorted.
func (m *merger) fieldList(known map[string]bool) []any {
	names := make([]string, 0, len(known))
	for f := range known {
		if m.t.declared[f] {
			names = append(names, f)
		}
	}
	slices.Sort(names)
	fields := make([]any, len(names))
	for i, n := range names {
		fields[i] = n
	}
	return fields
}
