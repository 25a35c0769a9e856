package table

import "github.com/apache/arrow-go/v18/arrow"

// kind is a column type's shape.
type kind int

const (
	kindString kind = iota
	kindBool
	kindInt64
	kindFloat64
	kindTimestamp
	kindDate
	kindJSON
	kindList
	kindStruct
)

// Type is a column's logical type.
type Type struct {
	kind   kind
	elem   *Type
	fields []Column
}

// String is a UTF-8 string.
func String() Type { return Type{kind: kindString} }

// Bool is a boolean.
func Bool() Type { return Type{kind: kindBool} }

// Int64 is a signed 64-bit integer.
func Int64() Type { return Type{kind: kindInt64} }

// Float64 is a double.
func Float64() Type { return Type{kind: kindFloat64} }

// Timestamp is TIMESTAMP(ms, UTC), parsed from Graph's RFC 3339 strings.
func Timestamp() Type { return Type{kind: kindTimestamp} }

// Date is a calendar date, parsed from "YYYY-MM-DD".
func Date() Type { return Type{kind: kindDate} }

// JSON keeps a value's raw JSON text in a string column.
func JSON() Type { return Type{kind: kindJSON} }

// List is a list of elem.
func List(elem Type) Type { return Type{kind: kindList, elem: &elem} }

// Struct is a struct whose fields are read from a JSON object by name.
func Struct(fields ...Column) Type { return Type{kind: kindStruct, fields: fields} }

// TimestampType is the Arrow type of timestamps in the lake.
var timestampType = &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}

// Arrow returns the Arrow data type.
func (t Type) Arrow() arrow.DataType {
	switch t.kind {
	case kindBool:
		return arrow.FixedWidthTypes.Boolean
	case kindInt64:
		return arrow.PrimitiveTypes.Int64
	case kindFloat64:
		return arrow.PrimitiveTypes.Float64
	case kindTimestamp:
		return timestampType
	case kindDate:
		return arrow.FixedWidthTypes.Date32
	case kindList:
		return arrow.ListOf(t.elem.Arrow())
	case kindStruct:
		fields := make([]arrow.Field, len(t.fields))
		for i, c := range t.fields {
			fields[i] = arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true}
		}
		return arrow.StructOf(fields...)
	}
	return arrow.BinaryTypes.String
}
