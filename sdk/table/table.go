package table

import (
	"encoding/json"
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
	// such as managerId from "manager@delta". It must not keep obj.
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
}

// Schema is the table's Arrow schema: the declared columns, all nullable,
// then the meta columns (see ColOp and the others). Its metadata records
// the table's name (MetadataTable) and key (MetadataKey).
func (t Table) Schema() *arrow.Schema {
	fields := make([]arrow.Field, 0, len(t.Columns)+8)
	for _, c := range t.Columns {
		fields = append(fields, arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true})
	}
	fields = append(fields, metaFields()...)
	md := arrow.NewMetadata([]string{MetadataTable, MetadataKey}, []string{t.Name, strings.Join(t.Key, ",")})
	return arrow.NewSchema(fields, &md)
}
