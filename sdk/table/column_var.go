package table

import (
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

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
