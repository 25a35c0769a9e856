package table

import (
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// rowOverhead estimates a row's fixed Arrow cost beyond its values: the
// meta columns, offsets and validity bits.
const rowOverhead = 64

// Builder accumulates rows of one table as Arrow arrays. It is not safe
// for concurrent use.
type Builder struct {
	table   Table
	invalid error // Validate's verdict; every append returns it
	rb      *array.RecordBuilder
	cols    []encoder
	meta    metaBuilders
	reads   map[string]struct{} // properties some column consumes
	byName  []int               // column indexes sorted by name, for _fields
	present []bool              // per column: the current row carries it
	extra   extraWriter
	reader  ObjectReader // AppendRaw's
	rows    int
	bytes   int
}

// NewBuilder returns an empty builder for t. It does not fail: when t is
// invalid, every Append returns the error of t.Validate. Release it when
// done.
func NewBuilder(mem memory.Allocator, t Table) *Builder {
	b := &Builder{table: t, invalid: t.Validate(), rb: array.NewRecordBuilder(mem, t.Schema()),
		cols: make([]encoder, len(t.Columns)), reads: make(map[string]struct{}, len(t.Columns)),
		byName: make([]int, len(t.Columns)), present: make([]bool, len(t.Columns))}
	for i, c := range t.Columns {
		b.cols[i] = newEncoder(c.Type, b.rb.Field(i))
		if name := c.reads(); name != "" {
			b.reads[name] = struct{}{}
		}
		b.byName[i] = i
	}
	slices.SortFunc(b.byName, func(x, y int) int { return strings.Compare(t.Columns[x].Name, t.Columns[y].Name) })
	b.meta = newMetaBuilders(b.rb, len(t.Columns))
	return b
}

// Table returns the table the builder was made for.
func (b *Builder) Table() Table { return b.table }

// Len is the number of rows accumulated since the last NewRecord.
func (b *Builder) Len() int { return b.rows }

// EstimatedBytes is a cheap running estimate of the rows' in-memory size:
// the JSON length of their values plus a fixed cost per row. Use it to cap
// batches.
func (b *Builder) EstimatedBytes() int { return b.bytes }

// NewRecord returns the accumulated rows as a record batch, which the
// caller releases, and resets the builder for the next batch. The next
// batch's buffers are reserved at this one's sizes: batches are cut at
// about the same size, so each buffer is then allocated once instead of
// doubling its way up.
func (b *Builder) NewRecord() arrow.RecordBatch {
	rows := b.rows
	data := make([]int, b.rb.Schema().NumFields())
	for i := range data {
		if vb, ok := b.rb.Field(i).(varBuilder); ok {
			data[i] = vb.DataLen()
		}
	}
	b.rows, b.bytes = 0, 0
	rec := b.rb.NewRecordBatch()
	b.rb.Reserve(rows)
	for i, n := range data {
		if n > 0 {
			b.rb.Field(i).(varBuilder).ReserveData(n)
		}
	}
	return rec
}

// varBuilder is a builder of variable-length values (strings, binary).
type varBuilder interface {
	DataLen() int
	ReserveData(n int)
}

// Release frees the builder's memory; the builder is unusable afterwards.
func (b *Builder) Release() { b.rb.Release() }
