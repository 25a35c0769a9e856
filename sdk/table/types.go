package table

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// kind is a column type's shape. The zero kind is invalid, so that a
// Column whose Type was left unset fails Validate.
type kind int

const (
	kindInvalid kind = iota
	kindString
	kindBool
	kindInt64
	kindFloat64
	kindTimestamp
	kindDate
	kindJSON
	kindList
	kindStruct
)

// Type is a column's logical type. Build one with the constructors below;
// the zero Type is invalid.
type Type struct {
	kind   kind
	elem   *Type
	fields []Column
}

// String is a UTF-8 string, read from a JSON string.
func String() Type { return Type{kind: kindString} }

// Bool is a boolean, read from JSON true or false.
func Bool() Type { return Type{kind: kindBool} }

// Int64 is a signed 64-bit integer, read from a JSON number without a
// fractional part.
func Int64() Type { return Type{kind: kindInt64} }

// Float64 is a double, read from a JSON number.
func Float64() Type { return Type{kind: kindFloat64} }

// Timestamp is Arrow TIMESTAMP(ms, "UTC"), read from Graph's RFC 3339
// strings ("2024-05-01T10:00:00Z"); fractional seconds are truncated to
// milliseconds. A string without a zone is taken as UTC.
func Timestamp() Type { return Type{kind: kindTimestamp} }

// Date is Arrow date32, read from a "YYYY-MM-DD" string.
func Date() Type { return Type{kind: kindDate} }

// JSON is an Arrow string holding the value's raw JSON text, compacted: the
// escape hatch for shapes the table does not type. A JSON null is null.
func JSON() Type { return Type{kind: kindJSON} }

// List is Arrow list<elem>, read from a JSON array.
func List(elem Type) Type { return Type{kind: kindList, elem: &elem} }

// Struct is an Arrow struct read from a JSON object, each field from the
// property named by its Column's From or Name. Fields cannot use Extract.
func Struct(fields ...Column) Type { return Type{kind: kindStruct, fields: fields} }

// timestampType is the Arrow type of every timestamp in the lake.
var timestampType = &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}

// Arrow returns the Arrow data type; arrow.Null for the invalid zero Type.
func (t Type) Arrow() arrow.DataType {
	switch t.kind {
	case kindString, kindJSON:
		return arrow.BinaryTypes.String
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
	return arrow.Null
}

// String describes the type as in error messages: "bool",
// "list<struct<skuId: string>>".
func (t Type) String() string {
	switch t.kind {
	case kindList:
		return "list<" + t.elem.String() + ">"
	case kindStruct:
		parts := make([]string, len(t.fields))
		for i, c := range t.fields {
			parts[i] = c.Name + ": " + c.Type.String()
		}
		return "struct<" + strings.Join(parts, ", ") + ">"
	}
	return [...]string{"invalid", "string", "bool", "int64", "float64", "timestamp", "date", "json"}[t.kind]
}
