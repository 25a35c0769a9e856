package current

import (
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// A record batch is cut at batchRows rows or about batchBytes of values,
// whichever comes first.
const (
	batchRows  = 4096
	batchBytes = 8 << 20
)

// recordWriter turns rows (as package parquetin reads them) back into
// Arrow record batches of a schema and hands each batch to write.
type recordWriter struct {
	schema *arrow.Schema
	rb     *array.RecordBuilder
	rows   int
	bytes  int
	write  func(arrow.RecordBatch) error
}

func newRecordWriter(schema *arrow.Schema, write func(arrow.RecordBatch) error) *recordWriter {
	return &recordWriter{schema: schema, rb: array.NewRecordBuilder(memory.DefaultAllocator, schema), write: write}
}

// add appends a row, cutting a batch when it is big enough.
func (w *recordWriter) add(row map[string]any) error {
	for i, f := range w.schema.Fields() {
		n, err := appendValue(w.rb.Field(i), row[f.Name])
		if err != nil {
			return fmt.Errorf("column %s: %w", f.Name, err)
		}
		w.bytes += n
	}
	w.rows++
	if w.rows >= batchRows || w.bytes >= batchBytes {
		return w.flush()
	}
	return nil
}

// flush hands the rows added since the last batch to write, as one batch
// (an empty one when there are none).
func (w *recordWriter) flush() error {
	rec := w.rb.NewRecordBatch()
	defer rec.Release()
	w.rows, w.bytes = 0, 0
	return w.write(rec)
}

func (w *recordWriter) release() { w.rb.Release() }

// appendValue appends v to b and returns about how many bytes it holds.
func appendValue(b array.Builder, v any) (int, error) {
	if v == nil {
		b.AppendNull()
		return 1, nil
	}
	ok := false
	size := 8
	switch b := b.(type) {
	case *array.StringBuilder:
		var s string
		if s, ok = v.(string); ok {
			b.Append(s)
			size = len(s)
		}
	case *array.BooleanBuilder:
		var x bool
		if x, ok = v.(bool); ok {
			b.Append(x)
		}
	case *array.Int64Builder:
		var x int64
		if x, ok = v.(int64); ok {
			b.Append(x)
		}
	case *array.Float64Builder:
		var x float64
		if x, ok = v.(float64); ok {
			b.Append(x)
		}
	case *array.TimestampBuilder:
		return appendTime(b, v)
	case *array.Date32Builder:
		var t time.Time
		if t, ok = v.(time.Time); ok {
			b.Append(arrow.Date32FromTime(t))
		}
	case *array.BinaryBuilder:
		var x []byte
		if x, ok = v.([]byte); ok {
			b.Append(x)
			size = len(x)
		}
	case *array.ListBuilder:
		return appendList(b, v)
	case *array.StructBuilder:
		return appendStruct(b, v)
	}
	if !ok {
		return 0, fmt.Errorf("cannot write a %T into an Arrow %s", v, b.Type())
	}
	return size, nil
}

func appendTime(b *array.TimestampBuilder, v any) (int, error) {
	t, ok := v.(time.Time)
	if !ok {
		return 0, fmt.Errorf("cannot write a %T into an Arrow %s", v, b.Type())
	}
	ts, err := arrow.TimestampFromTime(t, b.Type().(*arrow.TimestampType).Unit)
	if err != nil {
		return 0, err
	}
	b.Append(ts)
	return 8, nil
}

func appendList(b *array.ListBuilder, v any) (int, error) {
	list, ok := v.([]any)
	if !ok {
		return 0, fmt.Errorf("cannot write a %T into an Arrow %s", v, b.Type())
	}
	b.Append(true)
	size := 4
	for i, e := range list {
		n, err := appendValue(b.ValueBuilder(), e)
		if err != nil {
			return 0, fmt.Errorf("element %d: %w", i, err)
		}
		size += n
	}
	return size, nil
}

func appendStruct(b *array.StructBuilder, v any) (int, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return 0, fmt.Errorf("cannot write a %T into an Arrow %s", v, b.Type())
	}
	st := b.Type().(*arrow.StructType)
	b.Append(true)
	size := 1
	for i := range st.NumFields() {
		n, err := appendValue(b.FieldBuilder(i), m[st.Field(i).Name])
		if err != nil {
			return 0, fmt.Errorf("field %s: %w", st.Field(i).Name, err)
		}
		size += n
	}
	return size, nil
}
