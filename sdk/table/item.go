package table

import (
	"bytes"
	"fmt"
)

// maxMemberSlots bounds the member positions AppendItem remembers.
const maxMemberSlots = 256

// memberSlot remembers the property at one member position of the last
// item and the column reading it (-1 for none).
type memberSlot struct {
	key string
	col int
}

// AppendItem appends one Graph item, raw JSON known to be valid, such as
// an item of a graph.Page (the Graph client validates every page whole).
// It reads the item in one walk straight into the columns, without an
// Object: the items of a page list the same properties in the same order,
// so each member's column is found by its position, with no map lookup.
// The row is what Append makes of the same item; removed reports an
// "@removed" item, appended as a tombstone. A column with Extract and
// From is computed only for an item that carries From (otherwise it is
// absent); one without From is computed for every item.
func (b *Builder) AppendItem(raw []byte, m Meta) (removed bool, err error) {
	if b.invalid != nil {
		return false, b.invalid
	}
	it, err := newObjectIter(trimSpace(raw))
	if err != nil {
		return false, fmt.Errorf("table %s: decode item: %w: %w", b.table.Name, ErrNotObject, err)
	}
	b.startRow()
	extract := b.extractAlways
	for pos := 0; ; pos++ {
		key, val, ok, err := it.Next()
		if err != nil {
			return false, fmt.Errorf("table %s: decode item: %w: %w", b.table.Name, ErrNotObject, err)
		}
		if !ok {
			break
		}
		switch col := b.memberColumn(pos, key); {
		case col >= 0:
			b.takeFrom(col, val, it.ValuePlain())
			extract = extract || b.feedsExtract[col]
		case string(key) == "@removed":
			return true, b.appendObject(raw, m)
		case !isControlKeyBytes(key):
			b.extra.add(b.reader.intern(key), val)
		}
	}
	if extract {
		obj, err := b.reader.Read(raw)
		if err != nil {
			return false, fmt.Errorf("table %s: %w", b.table.Name, err)
		}
		for _, i := range b.extracts {
			if c := b.table.Columns[i]; c.From == "" || b.hasMember(obj, c.From) {
				b.extract(i, obj)
			}
		}
	}
	return false, b.finishRow(m, func() string { return b.itemIDOf(raw) })
}

// memberColumn returns the first column reading the property key, the
// item's member at position pos; -1 when no column reads it.
func (b *Builder) memberColumn(pos int, key []byte) int {
	if pos < len(b.slots) && b.slots[pos].key == string(key) {
		return b.slots[pos].col
	}
	col, ok := b.colOf[string(key)]
	if !ok {
		col = -1
	}
	switch slot := (memberSlot{key: b.reader.intern(key), col: col}); {
	case pos < len(b.slots):
		b.slots[pos] = slot
	case pos == len(b.slots) && pos < maxMemberSlots:
		b.slots = append(b.slots, slot)
	}
	return col
}

// hasMember reports whether obj carries property k.
func (b *Builder) hasMember(obj Object, k string) bool {
	_, ok := obj[k]
	return ok
}

// appendObject appends raw through an Object, as Append does.
func (b *Builder) appendObject(raw []byte, m Meta) error {
	obj, err := b.reader.Read(raw)
	if err != nil {
		return fmt.Errorf("table %s: %w", b.table.Name, err)
	}
	return b.Append(obj, m)
}

// itemIDOf is raw's "id" property for an error message.
func (b *Builder) itemIDOf(raw []byte) string {
	var r ObjectReader
	obj, err := r.Read(raw)
	if err != nil {
		return ""
	}
	return itemID(obj)
}

// isControlKeyBytes is isControlKey for a key still in the item.
func isControlKeyBytes(k []byte) bool {
	return len(k) > 0 && k[0] == '@' || bytes.Contains(k, []byte("@odata."))
}
