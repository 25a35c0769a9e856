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
	schema  *arrow.Schema
	cols    []column // the declared columns'
	meta    metaColumns
	metaAll []column // meta's, in schema order
	staging []column // the declared columns that keep a row's values apart
	// nullRuns are the declared columns that take runs of nulls (nil for
	// the others; see nullRunColumn).
	nullRuns []nullRunColumn
	recycle  *recycler
	byName   []int // column indexes sorted by name, for _fields
	// presentSet holds the columns the current row carries, and staged the
	// columns that stage a value on every row (no null runs): finishRow
	// visits the columns of either and no other, a row's nulls being owed
	// (see nullRunColumn).
	presentSet, staged bitSet
	plain              []bool // per present column: its value is a plain string (takeFrom)
	// texts are the string columns (nil for the others), which take a
	// plain string's bytes as they are.
	texts []*varColumn
	raws  [][]byte // per column: the current row's raw value
	extra extraWriter
	// fieldLists are the last rows' _fields, for the rows that repeat one.
	fieldLists fieldLists
	reader     ObjectReader // AppendItem's, for items it cannot read directly
	rows       int
	bytes      int

	// colOf maps each property some column consumes to the first such
	// column; sameSource chains the others (-1 ends a chain).
	colOf      map[string]int
	sameSource []int
	// extracts are the columns with Extract; extractAlways says one has
	// no From; feedsExtract marks the chains whose property an Extract
	// column derives from.
	extracts      []int
	extractAlways bool
	feedsExtract  []bool
	// slots remember the members of earlier items, in their order, and
	// the columns reading them; cursor is where the item being appended
	// is in them, and lookups counts the members looked up by name instead
	// (memberColumn).
	slots   []memberSlot
	cursor  int
	lookups int
	// keys are the indexes of the key columns.
	keys []int
}

// NewBuilder returns an empty builder for t. It does not fail: when t is
// invalid, every Append returns the error of t.Validate. Release it when
// done. Columns of structs and of lists of structs or lists are built in
// mem; the others, and the meta columns, in Go memory (see
// RecycleReleased).
func NewBuilder(mem memory.Allocator, t Table) *Builder {
	n := len(t.Columns)
	r := &recycler{}
	b := &Builder{table: t, invalid: t.Validate(), schema: t.Schema(), meta: newMetaColumns(r), recycle: r,
		cols: make([]column, n), byName: make([]int, n), raws: make([][]byte, n),
		colOf: make(map[string]int, n), sameSource: make([]int, n), feedsExtract: make([]bool, n),
		nullRuns: make([]nullRunColumn, n), plain: make([]bool, n), texts: make([]*varColumn, n),
		presentSet: newBitSet(n), staged: newBitSet(n)}
	last := map[string]int{} // the last column of each property's chain
	for i, c := range t.Columns {
		if b.cols[i] = newColumn(c.Type, r); b.cols[i] == nil {
			b.cols[i] = newBuilderColumn(mem, c.Type)
			b.staging = append(b.staging, b.cols[i])
		}
		var runs bool
		if b.nullRuns[i], runs = b.cols[i].(nullRunColumn); !runs {
			b.staged.add(i)
		}
		if c.Type.kind == kindString {
			b.texts[i] = b.cols[i].(*varColumn)
		}
		b.byName[i], b.sameSource[i] = i, -1
		if c.Extract != nil {
			b.extracts = append(b.extracts, i)
			b.extractAlways = b.extractAlways || c.From == ""
		}
		name := c.reads()
		if name == "" {
			continue
		}
		if j, ok := last[name]; ok {
			b.sameSource[j] = i
		} else {
			b.colOf[name] = i
		}
		last[name] = i
		if c.Extract != nil {
			b.feedsExtract[b.colOf[name]] = true
		}
	}
	slices.SortFunc(b.byName, func(x, y int) int { return strings.Compare(t.Columns[x].Name, t.Columns[y].Name) })
	for _, k := range t.Key {
		if i := slices.IndexFunc(t.Columns, func(c Column) bool { return c.Name == k }); i >= 0 {
			b.keys = append(b.keys, i)
		}
	}
	b.metaAll = b.meta.all()
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
// growing its way up.
func (b *Builder) NewRecord() arrow.RecordBatch {
	arrs := make([]arrow.Array, 0, len(b.cols)+len(b.metaAll))
	for i, c := range b.cols {
		b.payNulls(i)
		arrs = append(arrs, newArray(c.newData()))
	}
	for _, c := range b.metaAll {
		arrs = append(arrs, newArray(c.newData()))
	}
	rec := array.NewRecordBatch(b.schema, arrs, int64(b.rows))
	for _, a := range arrs {
		a.Release()
	}
	b.rows, b.bytes = 0, 0
	return rec
}

// varBuilder is a builder of variable-length values (strings, binary).
type varBuilder interface {
	DataLen() int
	ReserveData(n int)
}

// RecycleReleased has later batches built in the buffers of the batches
// already released, instead of in fresh memory: the batches of the users
// round are a few megabytes each, allocated, zeroed and paged in again
// for every one. Call it only when whoever reads the batches copies what
// it keeps before it releases them: values read from a released batch
// (array.String's Value aliases the batch's memory) change when a later
// batch reuses its buffers. Columns built through mem (structs) are not
// recycled.
func (b *Builder) RecycleReleased() {
	b.recycle.mu.Lock()
	b.recycle.on = true
	b.recycle.mu.Unlock()
}

// Release frees the builder's memory; the builder is unusable afterwards.
func (b *Builder) Release() {
	for _, c := range b.cols {
		if bc, ok := c.(*builderColumn); ok {
			bc.b.Release()
		}
	}
	b.recycle.mu.Lock()
	b.recycle.on, b.recycle.free = false, nil // batches released later are left to the GC
	b.recycle.mu.Unlock()
}
