package table

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// appendValue appends a converted value (see Type.convert) to b.
func appendValue(b array.Builder, v any) {
	if v == nil {
		b.AppendNull()
		return
	}
	switch b := b.(type) {
	case *array.StringBuilder:
		b.Append(v.(string))
	case *array.BooleanBuilder:
		b.Append(v.(bool))
	case *array.Int64Builder:
		b.Append(v.(int64))
	case *array.Float64Builder:
		b.Append(v.(float64))
	case *array.TimestampBuilder:
		b.Append(v.(arrow.Timestamp))
	case *array.Date32Builder:
		b.Append(v.(arrow.Date32))
	case *array.ListBuilder:
		b.Append(true)
		for _, item := range v.([]any) {
			appendValue(b.ValueBuilder(), item)
		}
	case *array.StructBuilder:
		b.Append(true)
		for i, field := range v.(structValue) {
			appendValue(b.FieldBuilder(i), field)
		}
	}
}
