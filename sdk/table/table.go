package table

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Object is one decoded Graph item: its top-level properties, each value
// still raw JSON. Values are expected to be valid JSON, as encoding/json
// produces them.
type Object map[string]json.RawMessage

// Column is one typed column of a table, or one field of a Struct.
type Column struct {
	// Name is the column's name: Graph's property name where the column
	// holds a property.
	Name string
	// Type is the column's type.
	Type Type
	// Doc describes the column for the lake's users.
	Doc string
	// From, when set, names the JSON property to read instead of Name. With
	// Extract, it names the property Extract derives the value from, so that
	// property is not copied to _extra (e.g. "manager@delta" for managerId).
	From string
	// Extract, when set, computes the column's raw JSON value from the whole
	// item; ok=false means absent (the column is then null and not in
	// _fields), a JSON null means present and null. Used for derived columns
	// such as managerId from "manager@delta". It must not keep obj. With
	// From set, an item read by AppendItem or AppendRaw (the SDK's delta
	// loop, Emitter.Item) that does not carry From leaves the column absent
	// without calling Extract.
	Extract func(obj Object) (raw json.RawMessage, ok bool)
}

// source is the property a column without Extract reads.
func (c Column) source() string {
	if c.From != "" {
		return c.From
	}
	return c.Name
}

// reads is the property the column consumes, kept out of _extra; "" when
// an Extract column does not name one.
func (c Column) reads() string {
	if c.Extract != nil {
		return c.From
	}
	return c.source()
}

// value returns the column's raw value in obj.
func (c Column) value(obj Object) (json.RawMessage, bool) {
	if c.Extract != nil {
		return c.Extract(obj)
	}
	raw, ok := obj[c.source()]
	return raw, ok
}

// Table declares one table of the lake.
type Table struct {
	// Name is the table's name, also its folder in the lake.
	Name string
	// Doc describes the table.
	Doc string
	// Key names the String columns that identify a row, e.g. {"id"} or
	// {"groupId", "memberId"}. Tombstones carry only these.
	Key []string
	// Columns are the typed columns, in schema order.
	Columns []Column
	// Parent, when set, makes this a child table: a row is part of the
	// current state only while its parent row is (a deleted group takes
	// its memberships with it, a deleted folder its messages).
	Parent *Parent
	// ShardKey, when set, names the String column by whose value (a
	// mailbox's user id) the table's rows and streams are split across
	// the shards of a sharded pipeline: every stream of the source has
	// that value as its id's first "/"-separated element. A source runs in
	// every shard only when all its tables declare one; otherwise it is
	// tenant-wide and runs in shard 0 alone (MetadataShardKey).
	ShardKey string
	// AppendOnly marks a table whose rows are events written once and
	// never deleted (sign-ins, audits): the host never sweeps it, so a
	// full round (the first after etl reset) deletes none of the rows it
	// does not return, such as events older than Graph's retention.
	AppendOnly bool
	// PartitionBy, when set, names the Timestamp column whose UTC day
	// partitions the table's files (date=YYYY-MM-DD) instead of the day of
	// the round that wrote them: an append-only log's event time, so that
	// a query of a day of events reads that day's folder only. Rows whose
	// value is null go to the round's day (MetadataPartitionBy).
	PartitionBy string
}

// Parent links a child table to the table its rows belong to.
type Parent struct {
	// Table is the parent table's name.
	Table string
	// Columns are the child's String columns holding the parent's key, in
	// the order of the parent's Key.
	Columns []string
}

// String renders the link as the schema metadata records it, e.g.
// "groups(groupId)".
func (p Parent) String() string { return p.Table + "(" + strings.Join(p.Columns, ",") + ")" }

// ParseParent reads a link written by Parent.String.
func ParseParent(s string) (Parent, error) {
	open := strings.IndexByte(s, '(')
	if open <= 0 || !strings.HasSuffix(s, ")") || open+1 >= len(s)-1 {
		return Parent{}, fmt.Errorf("parent link %q is not of the form table(column,...)", s)
	}
	return Parent{Table: s[:open], Columns: strings.Split(s[open+1:len(s)-1], ",")}, nil
}

// Schema is the table's Arrow schema: the declared columns, all nullable,
// then the meta columns (see ColOp and the others). Its metadata records
// the table's name (MetadataTable), key (MetadataKey) and, for a child
// table, its parent link (MetadataParent).
func (t Table) Schema() *arrow.Schema {
	fields := make([]arrow.Field, 0, len(t.Columns)+8)
	for _, c := range t.Columns {
		fields = append(fields, arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true})
	}
	fields = append(fields, metaFields()...)
	keys, values := []string{MetadataTable, MetadataKey}, []string{t.Name, strings.Join(t.Key, ",")}
	if t.Parent != nil {
		keys, values = append(keys, MetadataParent), append(values, t.Parent.String())
	}
	if t.ShardKey != "" {
		keys, values = append(keys, MetadataShardKey), append(values, t.ShardKey)
	}
	if t.AppendOnly {
		keys, values = append(keys, MetadataAppendOnly), append(values, "true")
	}
	if t.PartitionBy != "" {
		keys, values = append(keys, MetadataPartitionBy), append(values, t.PartitionBy)
	}
	md := arrow.NewMetadata(keys, values)
	return arrow.NewSchema(fields, &md)
}
