package table

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

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
