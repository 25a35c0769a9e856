package lakesql

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/sdk/table"
)

func TestAthenaTypeMapsEachArrowType(t *testing.T) {
	ms := &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}
	tests := []struct {
		name string
		in   arrow.DataType
		want string
	}{
		{"a string is a string", arrow.BinaryTypes.String, "string"},
		{"a bool is a boolean", arrow.FixedWidthTypes.Boolean, "boolean"},
		{"an int64 is a bigint", arrow.PrimitiveTypes.Int64, "bigint"},
		{"an int32 is an int", arrow.PrimitiveTypes.Int32, "int"},
		{"a float64 is a double", arrow.PrimitiveTypes.Float64, "double"},
		{"a date32 is a date", arrow.FixedWidthTypes.Date32, "date"},
		{"a millisecond timestamp is a timestamp", ms, "timestamp"},
		{"a list is an array", arrow.ListOf(arrow.BinaryTypes.String), "array<string>"},
		{"a struct keeps its field names", arrow.StructOf(arrow.Field{Name: "flagStatus", Type: arrow.BinaryTypes.String},
			arrow.Field{Name: "dueDateTime", Type: ms}), "struct<flagStatus:string,dueDateTime:timestamp>"},
		{"a reserved field name takes backticks", arrow.StructOf(arrow.Field{Name: "from", Type: arrow.BinaryTypes.String},
			arrow.Field{Name: "type", Type: arrow.BinaryTypes.String}), "struct<`from`:string,type:string>"},
		{"lists of structs nest", arrow.ListOf(arrow.StructOf(arrow.Field{Name: "emailAddress", Type: arrow.StructOf(
			arrow.Field{Name: "name", Type: arrow.BinaryTypes.String}, arrow.Field{Name: "address", Type: arrow.BinaryTypes.String})})),
			"array<struct<emailAddress:struct<name:string,address:string>>>"},
		{"every table column type of the SDK maps", table.Struct(table.Column{Name: "j", Type: table.JSON()},
			table.Column{Name: "f", Type: table.Float64()}, table.Column{Name: "d", Type: table.Date()}).Arrow(),
			"struct<j:string,f:double,d:date>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AthenaType(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("AthenaType(%s) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestAthenaTypeRefusesWhatAthenaReadsDifferently(t *testing.T) {
	tests := []struct {
		name string
		in   arrow.DataType
		says string
	}{
		{"a microsecond timestamp", &arrow.TimestampType{Unit: arrow.Microsecond}, "millisecond timestamps only"},
		{"an unsigned integer", arrow.PrimitiveTypes.Uint64, "no Athena type"},
		{"a list of unsigned integers", arrow.ListOf(arrow.PrimitiveTypes.Uint8), "list element"},
		{"a struct without fields", arrow.StructOf(), "without fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			if got, err := AthenaType(tt.in); err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("AthenaType(%s) = %q, %v; want an error saying %q", tt.in, got, err, tt.says)
			}
		})
	}
}
