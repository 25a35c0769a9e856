package lakesql

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// AthenaType is the type Athena reads an Arrow column as, once pqarrow has
// written it to Parquet, in Athena's DDL spelling. It follows Athena's
// Parquet to Hive mapping: UTF-8 BYTE_ARRAY is string, INT64 bigint, INT64
// TIMESTAMP(MILLIS) timestamp (Athena reads milliseconds only), INT32 DATE
// date, a LIST array<…> and a group struct<…>. It is the one place the
// package maps types; it fails for a type the lake does not write.
func AthenaType(t arrow.DataType) (string, error) {
	switch t := t.(type) {
	case *arrow.StringType, *arrow.LargeStringType:
		return "string", nil
	case *arrow.BinaryType:
		return "binary", nil
	case *arrow.BooleanType:
		return "boolean", nil
	case *arrow.Int8Type:
		return "tinyint", nil
	case *arrow.Int16Type:
		return "smallint", nil
	case *arrow.Int32Type:
		return "int", nil
	case *arrow.Int64Type:
		return "bigint", nil
	case *arrow.Float32Type:
		return "float", nil
	case *arrow.Float64Type:
		return "double", nil
	case *arrow.Date32Type:
		return "date", nil
	case *arrow.TimestampType:
		if t.Unit != arrow.Millisecond {
			return "", fmt.Errorf("timestamp[%s]: Athena reads millisecond timestamps only", t.Unit)
		}
		return "timestamp", nil
	case *arrow.ListType:
		elem, err := AthenaType(t.Elem())
		if err != nil {
			return "", fmt.Errorf("list element: %w", err)
		}
		return "array<" + elem + ">", nil
	case *arrow.StructType:
		return athenaStruct(t)
	}
	return "", fmt.Errorf("%s: no Athena type reads it from Parquet the same way (unsigned, dictionary and other types are not written to the lake)", t)
}

func athenaStruct(t *arrow.StructType) (string, error) {
	if t.NumFields() == 0 {
		return "", fmt.Errorf("struct without fields: Athena cannot declare it")
	}
	parts := make([]string, t.NumFields())
	for i, f := range t.Fields() {
		ft, err := AthenaType(f.Type)
		if err != nil {
			return "", fmt.Errorf("struct field %s: %w", f.Name, err)
		}
		parts[i] = fieldName(f.Name) + ":" + ft
	}
	return "struct<" + strings.Join(parts, ",") + ">", nil
}
