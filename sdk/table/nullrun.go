package table

import "slices"

// A row's null in a column is not written when it comes: the Builder
// counts the nulls each column is owed and writes a run of them at once,
// when the column's next value comes or the batch is cut. Most columns of
// a directory batch are null on most rows (a property the query did not
// select, or a user without a phone), and writing each null on its own,
// an offset and a validity bit through three calls, was a twentieth of
// the users plugin's CPU.

// nullRunColumn is a column that can take a run of nulls at once.
type nullRunColumn interface {
	column
	// putNulls appends n nulls.
	putNulls(n int)
	// rows is the number of rows appended.
	rows() int
}

// payNulls writes the nulls column i is owed.
func (b *Builder) payNulls(i int) {
	if n := b.owed[i]; n > 0 {
		b.nullRuns[i].putNulls(n)
		b.owed[i] = 0
	}
}

// cutColumn drops what the row being appended wrote in column i, or the
// null it was owed for it.
func (b *Builder) cutColumn(i int) {
	if c := b.nullRuns[i]; c != nil && c.rows() <= b.rows && c.rows()+b.owed[i] > b.rows {
		b.owed[i]--
		return
	}
	b.cols[i].cut(b.rows)
}

func (c *varColumn) putNulls(n int) {
	end := int32(len(c.data))
	c.offs = slices.Grow(c.offs, n)
	for range n {
		c.offs = append(c.offs, end)
	}
	c.valid.addZeros(n)
}

func (c *fixedColumn[T]) putNulls(n int) {
	c.vals = slices.Grow(c.vals, n)
	k := len(c.vals)
	c.vals = c.vals[:k+n]
	clear(c.vals[k:])
	c.valid.addZeros(n)
}

func (c *fixedColumn[T]) rows() int { return len(c.vals) }

func (c *boolColumn) putNulls(n int) {
	c.vals.addZeros(n)
	c.valid.addZeros(n)
}

func (c *boolColumn) rows() int { return c.vals.n }

func (c *listColumn) putNulls(n int) {
	end := c.offs[len(c.offs)-1]
	c.offs = slices.Grow(c.offs, n)
	for range n {
		c.offs = append(c.offs, end)
	}
	c.valid.addZeros(n)
}

func (c *listColumn) rows() int { return len(c.offs) - 1 }

// addZeros appends n unset bits.
func (m *bitmap) addZeros(n int) {
	if n == 0 {
		return
	}
	if m.zeros == 0 {
		m.fill()
	}
	// The bits past n in the last byte are unset (add, fill, truncate).
	m.bits = append(m.bits, make([]byte, (m.n+n+7)>>3-len(m.bits))...)
	m.n += n
	m.zeros += n
}
