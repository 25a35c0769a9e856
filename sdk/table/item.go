package table

import (
	"bytes"
	"fmt"
	"slices"
)

// maxMemberSlots bounds the members AppendItem remembers.
const maxMemberSlots = 256

// slotLookahead is how many remembered members past the cursor
// memberColumn compares before it looks a member up by name: how many
// members an item may leave out between two it carries.
const slotLookahead = 16

// memberSlot remembers a property items carry and the column reading it
// (-1 for none).
type memberSlot struct {
	key string
	col int
}

// AppendItem appends one Graph item, raw JSON known to be valid, such as
// an item of a graph.Page (the Graph client validates every page whole).
// It reads the item in one walk straight into the columns, without an
// Object: the items of a page list their properties in the same order,
// so each member's column is found among the members of earlier items
// next to where the last one was (memberColumn), with no map lookup.
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
	b.cursor = 0
	extract := b.extractAlways
	for {
		key, val, ok, err := it.Next()
		if err != nil {
			return false, fmt.Errorf("table %s: decode item: %w: %w", b.table.Name, ErrNotObject, err)
		}
		if !ok {
			break
		}
		switch col := b.memberColumn(key); {
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
// item's next member; -1 when no column reads it. Graph writes the
// members of a page's items in one order and leaves out the properties
// an item does not carry (a user without a job title has no jobTitle):
// slots are the members of earlier items in that order, and the member is
// usually the slot at the cursor or a few past it. One found elsewhere is
// looked up by name (lookups counts those) and remembered at the cursor,
// so items that alternate between sets of members all find theirs in
// slots. The cursor starts each item at 0 (AppendItem).
func (b *Builder) memberColumn(key []byte) int {
	for j := b.cursor; j < len(b.slots) && j < b.cursor+slotLookahead; j++ {
		if b.slots[j].key == string(key) {
			b.cursor = j + 1
			return b.slots[j].col
		}
	}
	b.lookups++
	col, ok := b.colOf[string(key)]
	if !ok {
		col = -1
	}
	if len(b.slots) < maxMemberSlots {
		b.slots = slices.Insert(b.slots, b.cursor, memberSlot{key: b.reader.intern(key), col: col})
		b.cursor++
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
