package table

import (
	"encoding/json"
	"fmt"
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
// ErrWrongShape, and nothing of the row is appended.
func (b *Builder) Append(obj Object, m Meta) error {
	if b.invalid != nil {
		return b.invalid
	}
	if removed, ok := obj["@removed"]; ok {
		return b.appendRemoved(obj, removed, m)
	}
	size, err := b.stageRow(obj)
	if err != nil {
		return err
	}
	extra := b.buildExtra(obj)
	for _, c := range b.cols {
		c.commit()
	}
	b.appendMeta(OpUpsert, "", extra, m)
	b.bytes += size
	return nil
}

// stageRow stages every column's value of obj and notes which are present;
// size is the length of their JSON.
func (b *Builder) stageRow(obj Object) (size int, err error) {
	for i, c := range b.table.Columns {
		enc := b.cols[i]
		enc.reset()
		raw, ok := c.value(obj)
		b.present[i] = ok
		if !ok {
			raw = nil
		}
		raw = trimSpace(raw)
		if err := enc.stage(raw); err != nil {
			return 0, &ValueError{Table: b.table.Name, Column: c.Name, Item: itemID(obj), Value: head(raw), Err: err}
		}
		size += len(raw)
	}
	return size, nil
}

// AppendRaw decodes one Graph item, a JSON object, and appends it. The
// Object handed to Extract functions aliases raw and is reused.
func (b *Builder) AppendRaw(raw json.RawMessage, m Meta) error {
	if !json.Valid(raw) {
		return fmt.Errorf("table %s: decode item: malformed JSON: %s", b.table.Name, head(raw))
	}
	obj, err := b.reader.Read(raw)
	if err != nil {
		return fmt.Errorf("table %s: %w", b.table.Name, err)
	}
	return b.Append(obj, m)
}

// itemID is the item's "id" property, "" when it has no string id.
func itemID(obj Object) string {
	s, err := parseString(trimSpace(obj["id"]))
	if err != nil {
		return ""
	}
	return string(s)
}
