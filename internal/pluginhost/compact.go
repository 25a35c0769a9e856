package pluginhost

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// compactFields reports whether got is the compact form of want: the same
// fields but that some nullable ones have Arrow's null type instead of
// their declared one (see the SDK's wire.compactRecord). It returns the
// indexes of those fields.
func compactFields(got, want *arrow.Schema) ([]int, bool) {
	if got.NumFields() != want.NumFields() || got.Endianness() != want.Endianness() {
		return nil, false
	}
	var nulls []int
	for i := range got.NumFields() {
		g, w := got.Field(i), want.Field(i)
		if g.Equal(w) {
			continue
		}
		if g.Type.ID() != arrow.NULL || !w.Nullable || !g.Nullable || g.Name != w.Name || !g.Metadata.Equal(w.Metadata) {
			return nil, false
		}
		nulls = append(nulls, i)
	}
	return nulls, true
}

// expandNulls returns rec in schema want: each column of nulls, of Arrow's
// null type in rec, becomes an array of want's type, null on every row.
// Their validity bits, offsets and values are all zero bytes: they share
// one zeroed buffer, the largest any of them needs (arrow-go's
// MakeArrayOfNull allocates one a column, which cost more than the
// crossing saved at 300,000 users), allocated from mem
// (the batch's decoding budget: a null-typed column costs its sender
// nothing, whatever its length). A panic of mem over its budget is an
// error. The caller releases the record returned, and still releases rec.
func expandNulls(rec arrow.RecordBatch, want *arrow.Schema, nulls []int, mem memory.Allocator) (out arrow.RecordBatch, err error) {
	n := int(rec.NumRows())
	cols := append([]arrow.Array(nil), rec.Columns()...)
	var made []arrow.Array
	var zeros *memory.Buffer
	defer func() {
		for _, a := range made {
			a.Release() // out holds its own reference
		}
		if zeros != nil {
			zeros.Release() // the arrays hold their own references
		}
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("put back the batch's null columns: %v", p)
		}
	}()
	size := 0
	for _, i := range nulls {
		size = max(size, zeroBytes(want.Field(i).Type, n))
	}
	zeros = memory.NewResizableBuffer(mem)
	zeros.Resize(size)
	clear(zeros.Bytes())
	for _, i := range nulls {
		dt := want.Field(i).Type
		if data := nullData(dt, n, zeros); data != nil {
			cols[i] = array.MakeFromData(data)
			data.Release()
		} else {
			cols[i] = array.MakeArrayOfNull(mem, dt, n)
		}
		made = append(made, cols[i])
	}
	return array.NewRecordBatch(want, cols, int64(n)), nil
}

// zeroBytes is the largest buffer nullData needs for n nulls of dt.
func zeroBytes(dt arrow.DataType, n int) int {
	switch t := dt.(type) {
	case *arrow.ListType:
		return max(4*(n+1), zeroBytes(t.Elem(), 0))
	case *arrow.StructType:
		size := (n + 7) / 8
		for _, f := range t.Fields() {
			size = max(size, zeroBytes(f.Type, n))
		}
		return size
	case *arrow.StringType, *arrow.BinaryType:
		return 4 * (n + 1)
	case arrow.FixedWidthDataType:
		return (t.BitWidth()*n + 7) / 8
	}
	return 0
}

// nullData returns n nulls of dt over slices of zeros (at least
// zeroBytes long), for the types a table declares (sdk/table: strings,
// fixed-width primitives, lists and structs of them); nil for another
// type, which expandNulls leaves to arrow-go.
func nullData(dt arrow.DataType, n int, zeros *memory.Buffer) *array.Data {
	slice := func(size int) *memory.Buffer { return memory.SliceBuffer(zeros, 0, size) }
	release := func(bufs []*memory.Buffer) {
		for _, b := range bufs {
			b.Release() // the data holds its own references
		}
	}
	bits := slice((n + 7) / 8)
	var bufs []*memory.Buffer
	var children []arrow.ArrayData
	switch t := dt.(type) {
	case *arrow.StringType, *arrow.BinaryType:
		bufs = []*memory.Buffer{bits, slice(4 * (n + 1)), slice(0)}
	case *arrow.ListType:
		elem := nullData(t.Elem(), 0, zeros)
		if elem == nil {
			bits.Release()
			return nil
		}
		bufs, children = []*memory.Buffer{bits, slice(4 * (n + 1))}, []arrow.ArrayData{elem}
		defer elem.Release()
	case *arrow.StructType:
		for _, f := range t.Fields() {
			c := nullData(f.Type, n, zeros)
			if c == nil {
				bits.Release()
				for _, c := range children {
					c.Release()
				}
				return nil
			}
			children = append(children, c)
			defer c.Release()
		}
		bufs = []*memory.Buffer{bits}
	case *arrow.BooleanType, *arrow.Int64Type, *arrow.Float64Type, *arrow.TimestampType, *arrow.Date32Type:
		bufs = []*memory.Buffer{bits, slice((t.(arrow.FixedWidthDataType).BitWidth()*n + 7) / 8)}
	default:
		bits.Release()
		return nil
	}
	defer release(bufs)
	return array.NewData(dt, n, bufs, children, n, 0)
}
