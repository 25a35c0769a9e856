package table

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// testMeta is the Meta of most test rows.
var testMeta = Meta{Round: 7, Seq: 1, SyncedAt: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), Stream: "users"}

// build appends items (JSON objects) to a fresh builder of tbl and returns
// the rows of the resulting record as maps of Go values.
func build(t *testing.T, tbl Table, items ...string) []map[string]any {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := NewBuilder(mem, tbl)
	defer b.Release()
	for i, item := range items {
		if err := b.AppendRaw(json.RawMessage(item), testMeta); err != nil {
			t.Fatalf("append item %d: %v", i, err)
		}
	}
	return records(t, b)
}

// records turns the builder's rows into maps and releases the record.
func records(t *testing.T, b *Builder) []map[string]any {
	t.Helper()
	rec := b.NewRecord()
	defer rec.Release()
	for c, col := range rec.Columns() {
		if int64(col.Len()) != rec.NumRows() {
			t.Fatalf("column %d has %d values, the record %d rows", c, col.Len(), rec.NumRows())
		}
	}
	out := make([]map[string]any, rec.NumRows())
	for i := range out {
		out[i] = map[string]any{}
		for c, f := range rec.Schema().Fields() {
			out[i][f.Name] = cell(rec.Column(c), i)
		}
	}
	return out
}

// cell returns a[i] as a Go value: nil, string, bool, int64, float64,
// time.Time (timestamps), "YYYY-MM-DD" (dates), []any or map[string]any.
func cell(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.String:
		return a.Value(i)
	case *array.Boolean:
		return a.Value(i)
	case *array.Int64:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.Timestamp:
		return a.Value(i).ToTime(arrow.Millisecond)
	case *array.Date32:
		return a.Value(i).FormattedString()
	case *array.List:
		start, end := a.ValueOffsets(i)
		out := []any{}
		for j := start; j < end; j++ {
			out = append(out, cell(a.ListValues(), int(j)))
		}
		return out
	case *array.Struct:
		out := map[string]any{}
		st := a.DataType().(*arrow.StructType)
		for f := range st.NumFields() {
			out[st.Field(f).Name] = cell(a.Field(f), i)
		}
		return out
	}
	panic("cell: unexpected array type " + a.DataType().String())
}

// only keeps the named columns of each row.
func only(rows []map[string]any, cols ...string) []map[string]any {
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		out[i] = map[string]any{}
		for _, c := range cols {
			out[i][c] = r[c]
		}
	}
	return out
}
