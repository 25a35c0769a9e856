package table

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// The columns of scalar types, lists of them, and the meta columns are
// built straight into Go slices laid out as Arrow lays out its buffers,
// and handed to Arrow whole when a batch is cut. arrow-go's builders
// append value by value, each append checking and reserving capacity,
// writing an offset and a validity bit through several calls; and since a
// row must be appended whole or not at all, each value was first staged
// and then committed through them. Here a value is written once, where
// it stays, and a row that fails halfway is cut off again: the columns
// written so far are cut back to the rows the Builder holds.

// column builds one column of a batch, row by row.
type column interface {
	// stage appends the row's value (raw JSON; nil when absent).
	stage(raw []byte) error
	// keep commits the row's staged value, for columns that stage
	// before they append (builderColumn); the others keep it already.
	keep()
	// cut drops the values of rows past the first n.
	cut(n int)
	// newData returns the rows as Arrow array data, which the caller
	// releases, and starts the next batch, reserved at this one's sizes.
	newData() *array.Data
}

// newColumn returns the column building type t on buffers from r, or nil
// when t is built through arrow-go's builders (structs, and lists of
// anything else than scalars).
func newColumn(t Type, r *recycler) column {
	switch t.kind {
	case kindString:
		return newVarColumn(parseString, r)
	case kindJSON:
		return newVarColumn(parseJSON, r)
	case kindBool:
		return &boolColumn{r: r}
	case kindInt64:
		return &fixedColumn[int64]{typ: arrow.PrimitiveTypes.Int64, parse: parseInt64, r: r}
	case kindFloat64:
		return &fixedColumn[float64]{typ: arrow.PrimitiveTypes.Float64, parse: parseFloat64, r: r}
	case kindTimestamp:
		return &fixedColumn[arrow.Timestamp]{typ: timestampType, parse: parseTimestamp, r: r}
	case kindDate:
		return &fixedColumn[arrow.Date32]{typ: arrow.FixedWidthTypes.Date32, parse: parseDate, r: r}
	case kindList:
		if elem, ok := newColumn(*t.elem, r).(elemColumn); ok {
			return &listColumn{typ: t.Arrow(), r: r, elem: elem, offs: []int32{0}}
		}
	}
	return nil
}

// handData makes array data of buffers handed over by a column: the data
// holds the only reference to them, so that its release gives them back.
func handData(typ arrow.DataType, n int, bufs []*memory.Buffer, children []arrow.ArrayData, nulls, offset int) *array.Data {
	d := array.NewData(typ, n, bufs, children, nulls, offset)
	for _, b := range bufs {
		if b != nil {
			b.Release()
		}
	}
	return d
}
