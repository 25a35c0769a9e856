package table

import (
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

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
