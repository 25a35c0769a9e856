package table

import (
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

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
	if _, err := stageElements(raw, c.elem.stage); err != nil {
		return err
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
