package table

import (
	"fmt"
	"math"

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

// bitmap is an Arrow bitmap being appended to, least significant bit
// first. While every bit is set, as in most validity bitmaps, only their
// count is kept: the bits are written out when the first unset one comes,
// or when the bitmap is handed to Arrow as values.
type bitmap struct {
	bits  []byte // meaningful only while zeros > 0
	n     int    // bits appended
	zeros int    // of them, unset
}

// add appends one bit.
func (m *bitmap) add(set bool) {
	if set && m.zeros == 0 {
		m.n++
		return
	}
	m.addSlow(set)
}

func (m *bitmap) addSlow(set bool) {
	if m.zeros == 0 {
		m.fill()
	}
	if m.n&7 == 0 {
		m.bits = append(m.bits, 0)
	}
	if set {
		m.bits[m.n>>3] |= 1 << (m.n & 7)
	} else {
		m.zeros++
	}
	m.n++
}

// fill writes out the n bits, all set.
func (m *bitmap) fill() {
	m.bits = m.bits[:0]
	for range m.n >> 3 {
		m.bits = append(m.bits, 0xff)
	}
	if m.n&7 != 0 {
		m.bits = append(m.bits, byte(1)<<(m.n&7)-1)
	}
}

// truncate keeps the first n bits.
func (m *bitmap) truncate(n int) {
	if m.zeros > 0 {
		for i := n; i < m.n; i++ {
			if m.bits[i>>3]&(1<<(i&7)) == 0 {
				m.zeros--
			}
		}
		m.bits = m.bits[:(n+7)>>3]
		if n&7 != 0 {
			m.bits[n>>3] &= byte(1)<<(n&7) - 1
		}
	}
	m.n = n
}

// validity returns the bitmap as a validity buffer and its null count,
// nil when no bit is unset, and starts an empty bitmap.
func (m *bitmap) validity(r *recycler) (*memory.Buffer, int) {
	nulls := m.zeros
	var buf *memory.Buffer
	if nulls > 0 {
		buf = r.buffer(m.bits)
	}
	m.restart(r, nulls > 0)
	return buf, nulls
}

// values returns the bitmap as a buffer of values and starts an empty
// bitmap.
func (m *bitmap) values(r *recycler) *memory.Buffer {
	if m.zeros == 0 {
		m.fill()
	}
	buf := r.buffer(m.bits)
	m.restart(r, true)
	return buf
}

// restart empties the bitmap; handed, its bits belong to Arrow now.
func (m *bitmap) restart(r *recycler, handed bool) {
	if handed {
		m.bits = r.get(grown(len(m.bits)))
	} else {
		m.bits = m.bits[:0]
	}
	m.n, m.zeros = 0, 0
}

// grown is the capacity to reserve for the next batch of a buffer that
// reached n in this one: batches are cut at about the same size, so each
// buffer is then allocated once instead of growing its way up.
func grown(n int) int { return n + n/8 }

// fixedColumn builds a column of fixed-width values.
type fixedColumn[T int64 | float64 | arrow.Timestamp | arrow.Date32] struct {
	typ   arrow.DataType
	parse func([]byte) (T, error)
	r     *recycler
	vals  []T
	valid bitmap
}

func (c *fixedColumn[T]) stage(raw []byte) error {
	if isNull(raw) {
		c.put(0, false)
		return nil
	}
	v, err := c.parse(raw)
	if err != nil {
		return err
	}
	c.put(v, true)
	return nil
}

// put appends one value; ok=false appends a null.
func (c *fixedColumn[T]) put(v T, ok bool) {
	c.vals = append(c.vals, v)
	c.valid.add(ok)
}

func (c *fixedColumn[T]) keep() {}

func (c *fixedColumn[T]) cut(n int) {
	if len(c.vals) > n {
		c.vals = c.vals[:n]
		c.valid.truncate(n)
	}
}

func (c *fixedColumn[T]) newData() *array.Data {
	n := len(c.vals)
	valid, nulls := c.valid.validity(c.r)
	vals := handTyped(c.r, c.vals)
	c.vals = getSlice[T](c.r, grown(n))
	return handData(c.typ, n, []*memory.Buffer{valid, vals}, nil, nulls, 0)
}

// boolColumn builds a column of booleans.
type boolColumn struct {
	r           *recycler
	vals, valid bitmap
}

func (c *boolColumn) stage(raw []byte) error {
	v, ok := false, !isNull(raw)
	if ok {
		var err error
		if v, err = parseBool(raw); err != nil {
			return err
		}
	}
	c.vals.add(v)
	c.valid.add(ok)
	return nil
}

func (c *boolColumn) keep() {}

func (c *boolColumn) cut(n int) {
	if c.vals.n > n {
		c.vals.truncate(n)
		c.valid.truncate(n)
	}
}

func (c *boolColumn) newData() *array.Data {
	n := c.vals.n
	valid, nulls := c.valid.validity(c.r)
	vals := c.vals.values(c.r)
	return handData(arrow.FixedWidthTypes.Boolean, n, []*memory.Buffer{valid, vals}, nil, nulls, 0)
}

// varColumn builds a column of strings: their bytes one after another
// and, per row, where each ends.
type varColumn struct {
	parse func([]byte) ([]byte, error)
	r     *recycler
	data  []byte
	offs  []int32 // len(offs) = rows + 1
	valid bitmap
}

func newVarColumn(parse func([]byte) ([]byte, error), r *recycler) *varColumn {
	return &varColumn{parse: parse, r: r, offs: []int32{0}}
}

func (c *varColumn) stage(raw []byte) error {
	if isNull(raw) {
		c.putNull()
		return nil
	}
	v, err := c.parse(raw)
	if err != nil {
		return err
	}
	return c.put(v)
}

// put appends one string value.
func (c *varColumn) put(v []byte) error {
	if len(c.data)+len(v) > math.MaxInt32 {
		return fmt.Errorf("a batch's column holds more than %d bytes", math.MaxInt32)
	}
	c.data = append(c.data, v...)
	c.offs = append(c.offs, int32(len(c.data)))
	c.valid.add(true)
	return nil
}

// putText appends one value that a meta column holds. Beyond what the
// offsets can address it panics, as arrow-go's builders do: batches are
// cut long before (Builder.EstimatedBytes).
func putText[T string | []byte](c *varColumn, v T) {
	if len(c.data)+len(v) > math.MaxInt32 {
		panic(fmt.Sprintf("table: a batch's column holds more than %d bytes", math.MaxInt32))
	}
	c.data = append(c.data, v...)
	c.offs = append(c.offs, int32(len(c.data)))
	c.valid.add(true)
}

// putNull appends a null.
func (c *varColumn) putNull() {
	c.offs = append(c.offs, int32(len(c.data)))
	c.valid.add(false)
}

// rows is the number of values appended.
func (c *varColumn) rows() int { return len(c.offs) - 1 }

func (c *varColumn) keep() {}

func (c *varColumn) cut(n int) {
	if c.rows() > n {
		c.offs = c.offs[:n+1]
		c.data = c.data[:c.offs[n]]
		c.valid.truncate(n)
	}
}

func (c *varColumn) newData() *array.Data {
	n := c.rows()
	valid, nulls := c.valid.validity(c.r)
	offs := handTyped(c.r, c.offs)
	data := c.r.buffer(c.data)
	c.data = c.r.get(grown(len(c.data)))
	c.offs = append(getSlice[int32](c.r, grown(len(c.offs))), 0)
	return handData(arrow.BinaryTypes.String, n, []*memory.Buffer{valid, offs, data}, nil, nulls, 0)
}

// listColumn builds a column of lists whose elements are built by elem.
type listColumn struct {
	typ   arrow.DataType
	r     *recycler
	elem  elemColumn
	offs  []int32 // into elem's values; len(offs) = rows + 1
	valid bitmap
}

// elemColumn is a column that can hold a list's elements.
type elemColumn interface {
	column
	// values is the number of values appended.
	values() int
}

func (c *fixedColumn[T]) values() int { return len(c.vals) }
func (c *boolColumn) values() int     { return c.vals.n }
func (c *varColumn) values() int      { return c.rows() }

func (c *listColumn) stage(raw []byte) error {
	if isNull(raw) {
		c.offs = append(c.offs, c.offs[len(c.offs)-1])
		c.valid.add(false)
		return nil
	}
	it, err := newArrayIter(raw)
	if err != nil {
		return err
	}
	for {
		item, ok, err := it.Next()
		if err != nil {
			return fmt.Errorf("element %d: %w", it.Len(), err)
		}
		if !ok {
			break
		}
		if err := c.elem.stage(item); err != nil {
			return fmt.Errorf("element %d: %w", it.Len()-1, err)
		}
	}
	if c.elem.values() > math.MaxInt32 {
		return fmt.Errorf("a batch's list column holds more than %d elements", math.MaxInt32)
	}
	c.offs = append(c.offs, int32(c.elem.values()))
	c.valid.add(true)
	return nil
}

func (c *listColumn) keep() {}

// closeList ends a list of the elements put into elem since the last one.
func (c *listColumn) closeList() {
	c.offs = append(c.offs, int32(c.elem.values()))
	c.valid.add(true)
}

func (c *listColumn) cut(n int) {
	if len(c.offs)-1 > n {
		c.offs = c.offs[:n+1]
		c.valid.truncate(n)
	}
	c.elem.cut(int(c.offs[n]))
}

func (c *listColumn) newData() *array.Data {
	n := len(c.offs) - 1
	valid, nulls := c.valid.validity(c.r)
	offs := handTyped(c.r, c.offs)
	c.offs = append(getSlice[int32](c.r, grown(len(c.offs))), 0)
	elem := c.elem.newData()
	defer elem.Release()
	return handData(c.typ, n, []*memory.Buffer{valid, offs}, []arrow.ArrayData{elem}, nulls, 0)
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

// builderColumn is a column built through an arrow-go builder, which
// takes no value back: its encoder stages a row's value, keep appends it.
type builderColumn struct {
	enc encoder
	b   array.Builder
}

func newBuilderColumn(mem memory.Allocator, t Type) *builderColumn {
	b := array.NewBuilder(mem, t.Arrow())
	return &builderColumn{enc: newEncoder(t, b), b: b}
}

func (c *builderColumn) stage(raw []byte) error {
	c.enc.reset()
	return c.enc.stage(raw)
}

func (c *builderColumn) keep() {
	c.enc.commit()
	c.enc.reset()
}

func (c *builderColumn) cut(int) { c.enc.reset() }

// newData cuts the builder's array and reserves the next batch's buffers
// at this one's sizes.
func (c *builderColumn) newData() *array.Data {
	rows, data := c.b.Len(), 0
	if vb, ok := c.b.(varBuilder); ok {
		data = vb.DataLen()
	}
	arr := c.b.NewArray()
	c.b.Reserve(rows)
	if data > 0 {
		c.b.(varBuilder).ReserveData(data)
	}
	d := arr.Data().(*array.Data)
	d.Retain()
	arr.Release()
	return d
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
