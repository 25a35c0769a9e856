package wire

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Compact batches (SyncRequest.compact_batches): a column null on every
// row of a batch crosses the boundary as Arrow's null type, which has no
// buffers, instead of its declared type's validity bits and offsets or
// values, all of them zero. A users round selects a few of the table's
// columns: the others are a fifth of a batch's IPC bytes, which both
// processes would otherwise encrypt, copy and send or read and check. The
// host puts the declared type's nulls back (internal/pluginhost).

// compactRecord returns rec with each nullable column that is null on
// every row replaced by a null-typed array of the same length, and true;
// or rec itself and false when there is no such column. The caller
// releases a record returned with true, and still releases rec.
func compactRecord(rec arrow.RecordBatch) (arrow.RecordBatch, bool) {
	n := rec.NumRows()
	if n == 0 {
		return rec, false
	}
	schema := rec.Schema()
	var fields []arrow.Field
	var cols, nulls []arrow.Array
	for i, col := range rec.Columns() {
		f := schema.Field(i)
		if !f.Nullable || f.Type.ID() == arrow.NULL || int64(col.NullN()) != n {
			continue
		}
		if fields == nil {
			fields = schema.Fields() // a copy
			cols = append([]arrow.Array(nil), rec.Columns()...)
		}
		fields[i].Type = arrow.Null
		cols[i] = array.NewNull(int(n))
		nulls = append(nulls, cols[i])
	}
	if fields == nil {
		return rec, false
	}
	md := schema.Metadata()
	out := array.NewRecordBatch(arrow.NewSchemaWithEndian(fields, &md, schema.Endianness()), cols, n)
	for _, a := range nulls {
		a.Release() // out holds its own reference
	}
	return out, true
}
