package table

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Meta is what the emitter knows about a row.
type Meta struct {
	Round, Seq int64
	SyncedAt   time.Time
	Stream     string
}

// Builder accumulates rows of one table.
type Builder struct {
	table   Table
	rb      *array.RecordBuilder
	known   map[string]bool
	n       int
	bytes   int
	scratch []any
}

// NewBuilder returns an empty builder for t.
func NewBuilder(mem memory.Allocator, t Table) *Builder {
	known := map[string]bool{}
	for _, c := range t.Columns {
		if c.Extract == nil {
			known[c.source()] = true
		}
	}
	return &Builder{table: t, rb: array.NewRecordBuilder(mem, t.Schema()), known: known, scratch: make([]any, len(t.Columns))}
}

// AppendRaw decodes one Graph item and appends it.
func (b *Builder) AppendRaw(raw json.RawMessage, m Meta) error {
	var obj Object
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Errorf("table %s: decode item: %w", b.table.Name, err)
	}
	return b.Append(obj, m)
}

// Append adds one Graph item: a tombstone when it carries @removed, else
// an upsert. A value of the wrong shape is an error and adds nothing.
func (b *Builder) Append(obj Object, m Meta) error {
	if removed, ok := obj["@removed"]; ok {
		return b.appendRemoved(obj, removed, m)
	}
	var fields []string
	for i, c := range b.table.Columns {
		raw, ok := c.value(obj)
		b.scratch[i] = nil
		if !ok {
			continue
		}
		fields = append(fields, c.Name)
		v, err := c.Type.convert(raw)
		if err != nil {
			return fmt.Errorf("table %s, column %s, item %s: value %s: %v", b.table.Name, c.Name, idOf(obj), head(raw), err)
		}
		b.scratch[i] = v
		b.bytes += len(raw)
	}
	sort.Strings(fields)
	b.appendRow(OpUpsert, nil, fields, b.extra(obj), m)
	return nil
}

func (c Column) value(obj Object) (json.RawMessage, bool) {
	if c.Extract != nil {
		return c.Extract(obj)
	}
	raw, ok := obj[c.source()]
	return raw, ok
}

func (b *Builder) appendRemoved(obj Object, removed json.RawMessage, m Meta) error {
	var r struct {
		Reason string `json:"reason"`
	}
	_ = json.Unmarshal(removed, &r)
	key := map[string]string{}
	for _, k := range b.table.Key {
		var s string
		if err := json.Unmarshal(obj[k], &s); err != nil {
			return fmt.Errorf("table %s: removed item has no string %s: %s", b.table.Name, k, head(obj[k]))
		}
		key[k] = s
	}
	return b.AppendTombstone(key, r.Reason, m)
}

// AppendTombstone adds a deletion of the row with the given key values.
func (b *Builder) AppendTombstone(key map[string]string, reason string, m Meta) error {
	fields := make([]string, 0, len(b.table.Key))
	for i, c := range b.table.Columns {
		b.scratch[i] = nil
		if v, ok := key[c.Name]; ok {
			b.scratch[i] = v
			fields = append(fields, c.Name)
		}
	}
	for _, k := range b.table.Key {
		if _, ok := key[k]; !ok {
			return fmt.Errorf("table %s: tombstone without key column %s", b.table.Name, k)
		}
	}
	sort.Strings(fields)
	b.appendRow(OpDelete, &reason, fields, nil, m)
	return nil
}

func (b *Builder) appendRow(op string, reason *string, fields []string, extra *string, m Meta) {
	for i := range b.table.Columns {
		appendValue(b.rb.Field(i), b.scratch[i])
	}
	base := len(b.table.Columns)
	b.rb.Field(base).(*array.StringBuilder).Append(op)
	if reason != nil && *reason != "" {
		b.rb.Field(base + 1).(*array.StringBuilder).Append(*reason)
	} else {
		b.rb.Field(base + 1).AppendNull()
	}
	b.rb.Field(base + 2).(*array.Int64Builder).Append(m.Round)
	b.rb.Field(base + 3).(*array.Int64Builder).Append(m.Seq)
	b.rb.Field(base + 4).(*array.TimestampBuilder).Append(arrow.Timestamp(m.SyncedAt.UnixMilli()))
	b.rb.Field(base + 5).(*array.StringBuilder).Append(m.Stream)
	fl := b.rb.Field(base + 6).(*array.ListBuilder)
	fl.Append(true)
	for _, f := range fields {
		fl.ValueBuilder().(*array.StringBuilder).Append(f)
	}
	if extra != nil {
		b.rb.Field(base + 7).(*array.StringBuilder).Append(*extra)
		b.bytes += len(*extra)
	} else {
		b.rb.Field(base + 7).AppendNull()
	}
	b.n++
	b.bytes += 64 + 8*len(fields)
}

// extra returns the JSON object of properties no column reads, without
// instance annotations; nil when there are none.
func (b *Builder) extra(obj Object) *string {
	var keys []string
	for k := range obj {
		if !b.known[k] && !strings.HasPrefix(k, "@") && !strings.Contains(k, "@odata.") && !strings.HasSuffix(k, "@delta") {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		name, _ := json.Marshal(k)
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(obj[k])
	}
	buf.WriteByte('}')
	s := buf.String()
	return &s
}

// Len is the number of rows accumulated.
func (b *Builder) Len() int { return b.n }

// EstimatedBytes is a running estimate of the rows' in-memory size.
func (b *Builder) EstimatedBytes() int { return b.bytes }

// NewRecord returns the accumulated rows (the caller releases them) and
// resets the builder.
func (b *Builder) NewRecord() arrow.RecordBatch {
	rec := b.rb.NewRecordBatch()
	b.n, b.bytes = 0, 0
	return rec
}

// Release frees the builder's memory.
func (b *Builder) Release() { b.rb.Release() }

func idOf(obj Object) string {
	var id string
	_ = json.Unmarshal(obj["id"], &id)
	return id
}

func head(raw json.RawMessage) string {
	if len(raw) > 64 {
		return string(raw[:64]) + "…"
	}
	return string(raw)
}
