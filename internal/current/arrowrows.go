package current

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/graphlake/graphlake/sdk/lake"
)

// Unchanged snapshot rows are copied as Arrow slices, never turned into
// maps and back: a compaction's cost is then mostly reading and writing
// Parquet. The slices come from pqarrow's reader, whose schema differs
// from the written one only in names and metadata (list elements are
// "element", fields carry PARQUET:field_id); retype gives them the
// table's schema over the same buffers.

// layoutMatches reports whether arrays of type got hold their values as
// arrays of want do, field names aside.
func layoutMatches(got, want arrow.DataType) bool {
	if got.ID() != want.ID() {
		return false
	}
	switch w := want.(type) {
	case *arrow.ListType:
		return layoutMatches(got.(*arrow.ListType).Elem(), w.Elem())
	case *arrow.StructType:
		g := got.(*arrow.StructType)
		if g.NumFields() != w.NumFields() {
			return false
		}
		for i := range w.NumFields() {
			if g.Field(i).Name != w.Field(i).Name || !layoutMatches(g.Field(i).Type, w.Field(i).Type) {
				return false
			}
		}
		return true
	case *arrow.TimestampType:
		return got.(*arrow.TimestampType).Unit == w.Unit
	}
	switch want.ID() {
	case arrow.STRING, arrow.BOOL, arrow.INT64, arrow.FLOAT64, arrow.DATE32, arrow.BINARY:
		return true
	}
	return false
}

// schemaMatches reports whether a record read back can be retyped to the
// table's schema: the same columns in the same order, laid out alike.
func schemaMatches(got, want *arrow.Schema) bool {
	if got.NumFields() != want.NumFields() {
		return false
	}
	for i, f := range want.Fields() {
		if got.Field(i).Name != f.Name || !layoutMatches(got.Field(i).Type, f.Type) {
			return false
		}
	}
	return true
}

// retype returns rec's columns under schema; schemaMatches must hold. The
// caller releases the result.
func retype(rec arrow.RecordBatch, schema *arrow.Schema) arrow.RecordBatch {
	cols := make([]arrow.Array, rec.NumCols())
	for i, f := range schema.Fields() {
		d := retypeData(rec.Column(i).Data(), f.Type)
		cols[i] = array.MakeFromData(d)
		d.Release()
	}
	out := array.NewRecordBatch(schema, cols, rec.NumRows())
	for _, c := range cols {
		c.Release()
	}
	return out
}

func retypeData(d arrow.ArrayData, dt arrow.DataType) arrow.ArrayData {
	children := make([]arrow.ArrayData, len(d.Children()))
	for i, c := range d.Children() {
		var ct arrow.DataType
		switch t := dt.(type) {
		case *arrow.ListType:
			ct = t.Elem()
		case *arrow.StructType:
			ct = t.Field(i).Type
		default:
			ct = c.DataType()
		}
		children[i] = retypeData(c, ct)
	}
	out := array.NewData(dt, d.Len(), d.Buffers(), children, d.NullN(), d.Offset())
	for _, c := range children {
		c.Release()
	}
	return out
}

// recordKeys reads the joined key (and, for a child table, parent key) of
// every row of a snapshot record.
func recordKeys(rec arrow.RecordBatch, cols []string, table string) ([]string, error) {
	arrs := make([]*array.String, len(cols))
	for i, c := range cols {
		idx := rec.Schema().FieldIndices(c)
		if len(idx) == 0 {
			return nil, fmt.Errorf("the snapshot of %s has no column %q", table, c)
		}
		a, ok := rec.Column(idx[0]).(*array.String)
		if !ok {
			return nil, fmt.Errorf("the snapshot of %s holds %s in %q, not strings", table, rec.Column(idx[0]).DataType(), c)
		}
		arrs[i] = a
	}
	keys := make([]string, rec.NumRows())
	parts := make([]string, len(arrs))
	for r := range keys {
		for i, a := range arrs {
			if a.IsNull(r) {
				return nil, fmt.Errorf("a row of the snapshot of %s has no key column %q", table, cols[i])
			}
			parts[i] = a.Value(r)
		}
		keys[r] = strings.Clone(strings.Join(parts, "\x00"))
	}
	return keys, nil
}

// rowAt is row i of rec as a map, as parquetin reads rows.
func rowAt(rec arrow.RecordBatch, i int) (map[string]any, error) {
	slice := rec.NewSlice(int64(i), int64(i+1))
	defer slice.Release()
	var row map[string]any
	err := lake.RecordRows(slice, func(r map[string]any) error { row = r; return nil })
	return row, err
}
