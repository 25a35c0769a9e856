package table

import (
	"encoding/json"
	"fmt"
	"math/bits"
)

// Append adds one Graph item. An item carrying "@removed" becomes a
// tombstone (see AppendTombstone) with @removed.reason as its reason and
// its key columns read from the item. Any other item becomes an upsert:
// each column holds its property's value (null when absent or JSON null),
// _fields lists the columns whose property was present, and _extra holds
// the properties no column reads, except annotations ("@…") and OData
// control keys ("…@odata.…").
//
// A value that does not fit its column is a *ValueError wrapping
// ErrWrongShape, an item without a key column's value an error wrapping
// ErrMissingKey, and nothing of the row is appended.
func (b *Builder) Append(obj Object, m Meta) error {
	if b.invalid != nil {
		return b.invalid
	}
	if removed, ok := obj["@removed"]; ok {
		return b.appendRemoved(obj, removed, m)
	}
	b.startRow()
	for k, v := range obj {
		if !b.take(k, v) && !isControlKey(k) {
			b.extra.add(k, v)
		}
	}
	for _, i := range b.extracts {
		b.extract(i, obj)
	}
	return b.finishRow(m, func() string { return itemID(obj) })
}

// startRow forgets the last row's values. Only presentSet is cleared: raws
// are read where it says, and clearing their pointers on every row costs
// write barriers while the collector runs.
func (b *Builder) startRow() {
	clear(b.presentSet)
	b.extra.reset()
}

// setPresent records column i's value for the current row; plain says
// it is a string whose text is the bytes between its quotes.
func (b *Builder) setPresent(i int, v []byte, plain bool) {
	b.raws[i], b.plain[i] = v, plain
	b.presentSet.add(i)
}

// extract sets column i, which has Extract, from obj.
func (b *Builder) extract(i int, obj Object) {
	if v, ok := b.table.Columns[i].Extract(obj); ok {
		b.setPresent(i, v, false)
	}
}

// take gives the value of property k to the columns that read it, and
// reports whether any does. Columns with Extract are left to their Extract.
func take[K string | []byte](b *Builder, k K, v []byte) bool {
	i, ok := b.colOf[string(k)]
	if ok {
		b.takeFrom(i, v, false)
	}
	return ok
}

// takeFrom gives v to column i and the columns after it that read the same
// property, except those with Extract; plain says v is a string whose
// text is the bytes between its quotes (jsonscan.Object.ValuePlain).
func (b *Builder) takeFrom(i int, v []byte, plain bool) {
	for ; i >= 0; i = b.sameSource[i] {
		if b.table.Columns[i].Extract == nil {
			b.setPresent(i, v, plain)
		}
	}
}

// take is the Object path's take.
func (b *Builder) take(k string, v []byte) bool { return take(b, k, v) }

// finishRow stages every column's value, in column order, and appends the
// row with its _extra; id names the item in an error. An item without a
// value for a key column is refused with ErrMissingKey: its row could not
// be told from others, nor ever deleted.
func (b *Builder) finishRow(m Meta, id func() string) error {
	size := 0
	for w, word := range b.presentSet {
		word |= b.staged[w]
		for ; word != 0; word &= word - 1 {
			i := w<<6 | bits.TrailingZeros64(word)
			if err := b.finishColumn(i, &size, id); err != nil {
				return err
			}
		}
	}
	for _, i := range b.keys {
		if !b.presentSet.has(i) || isNull(trimSpace(b.raws[i])) {
			b.cutRow()
			return fmt.Errorf("table %s, item %q: the item has no %s: %w", b.table.Name, id(), b.table.Columns[i].Name, ErrMissingKey)
		}
	}
	extra := b.extra.build()
	for _, c := range b.staging {
		c.keep()
	}
	b.appendMeta(OpUpsert, "", extra, m)
	b.bytes += size
	return nil
}

// finishColumn stages column i's value in the row, which is present or
// the column stages every row, adding its length to size. A column that
// takes null runs is owed a null (none is written) and first pays what it
// is owed when a value comes. On an error, nothing of the row is kept.
func (b *Builder) finishColumn(i int, size *int, id func() string) error {
	var raw []byte
	present := b.presentSet.has(i)
	if present {
		// An absent column's raws[i] may still point into an earlier
		// page's buffer, which another walk may be reusing: never read it.
		raw = trimSpace(b.raws[i])
		*size += len(raw)
	}
	t := b.texts[i]
	if b.nullRuns[i] != nil {
		if isNull(raw) {
			return nil
		}
		if t == nil {
			b.payNulls(i)
		} else if n := b.rows - t.rows(); n > 0 {
			t.putNulls(n) // payNulls without its interface calls, for text
		}
	}
	// A plain string's text is the bytes between its quotes: the scan
	// that found its end checked them already.
	var err error
	if t != nil && present && b.plain[i] {
		err = t.put(raw[1 : len(raw)-1])
	} else {
		err = b.cols[i].stage(raw)
	}
	if err != nil {
		b.cutRow()
		return &ValueError{Table: b.table.Name, Column: b.table.Columns[i].Name, Item: id(), Value: head(raw), Err: err}
	}
	return nil
}

// cutRow drops what the row being appended wrote in any column.
func (b *Builder) cutRow() {
	for i := range b.cols {
		b.cutColumn(i)
	}
}

// AppendRaw decodes one Graph item, a JSON object, and appends it as
// Append does. It checks that raw is valid JSON, then reads it as
// AppendItem does.
func (b *Builder) AppendRaw(raw json.RawMessage, m Meta) error {
	if !json.Valid(raw) {
		return fmt.Errorf("table %s: decode item: malformed JSON: %s", b.table.Name, head(raw))
	}
	_, err := b.AppendItem(raw, m)
	return err
}

// itemID is the item's "id" property, "" when it has no string id.
func itemID(obj Object) string {
	s, err := parseString(trimSpace(obj["id"]))
	if err != nil {
		return ""
	}
	return string(s)
}
