package lake

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// eachRow calls fn with every row of rec as a map from column name to value.
func eachRow(rec arrow.RecordBatch, fn func(map[string]any) error) error {
	fields := rec.Schema().Fields()
	for i := range int(rec.NumRows()) {
		row := make(map[string]any, len(fields))
		for c, f := range fields {
			v, err := value(rec.Column(c), i)
			if err != nil {
				return fmt.Errorf("column %s: %w", f.Name, err)
			}
			row[f.Name] = v
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return nil
}

// value returns the element i of arr as a plain Go value.
func value(arr arrow.Array, i int) (any, error) {
	if arr.IsNull(i) {
		return nil, nil
	}
	switch a := arr.(type) {
	case *array.String:
		return a.Value(i), nil
	case *array.LargeString:
		return a.Value(i), nil
	case *array.Binary:
		return append([]byte(nil), a.Value(i)...), nil
	case *array.Boolean:
		return a.Value(i), nil
	case *array.Int8:
		return int64(a.Value(i)), nil
	case *array.Int16:
		return int64(a.Value(i)), nil
	case *array.Int32:
		return int64(a.Value(i)), nil
	case *array.Int64:
		return a.Value(i), nil
	case *array.Float32:
		return float64(a.Value(i)), nil
	case *array.Float64:
		return a.Value(i), nil
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).UTC(), nil
	case *array.Date32:
		return a.Value(i).ToTime().UTC(), nil
	case *array.Struct:
		return structValue(a, i)
	case *array.Dictionary:
		return value(a.Dictionary(), a.GetValueIndex(i))
	case array.ListLike:
		return listValue(a, i)
	}
	return nil, fmt.Errorf("unsupported Arrow type %s", arr.DataType())
}

// structValue returns element i of a struct array as a map.
func structValue(a *array.Struct, i int) (map[string]any, error) {
	st := a.DataType().(*arrow.StructType)
	out := make(map[string]any, a.NumField())
	for f := range a.NumField() {
		v, err := value(a.Field(f), i)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", st.Field(f).Name, err)
		}
		out[st.Field(f).Name] = v
	}
	return out, nil
}

// listValue returns element i of a list array as a slice.
func listValue(a array.ListLike, i int) ([]any, error) {
	start, end := a.ValueOffsets(i)
	out := make([]any, 0, end-start)
	for j := start; j < end; j++ {
		v, err := value(a.ListValues(), int(j))
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", j-start, err)
		}
		out = append(out, v)
	}
	return out, nil
}
