package table

import "slices"

// A row's null in a column is not written when it comes: the column is
// owed the nulls of the rows it is behind (the Builder's rows less the
// column's) and writes them as one run when its next value comes or the
// batch is cut. A row's absent columns are not even visited (finishRow).
// Most columns of a directory batch are null on most rows (a property the
// query did not select, or a user without a phone), and writing each null
// on its own, an offset and a validity bit through three calls, was a
// twentieth of the users plugin's CPU.

// nullRunColumn is a column that can take a run of nulls at once.
type nullRunColumn interface {
	column
	// putNulls appends n nulls.
	putNulls(n int)
	// rows is the number of rows appended.
	rows() int
}

// payNulls writes the nulls column i is owed, if it takes runs.
func (b *Builder) payNulls(i int) {
	if c := b.nullRuns[i]; c != nil {
		if n := b.rows - c.rows(); n > 0 {
			c.putNulls(n)
		}
	}
}

// cutColumn drops what the row being appended wrote in column i. A
// column that takes runs and wrote nothing in it is behind or level.
func (b *Builder) cutColumn(i int) {
	if c := b.nullRuns[i]; c != nil && c.rows() <= b.rows {
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

// bitSet is a set of column indexes, a bit each.
type bitSet []uint64

// newBitSet returns an empty set for indexes below n.
func newBitSet(n int) bitSet { return make(bitSet, (n+63)>>6) }

// add puts i in the set.
func (s bitSet) add(i int) { s[i>>6] |= 1 << (i & 63) }

// has reports whether i is in the set.
func (s bitSet) has(i int) bool { return s[i>>6]&(1<<(i&63)) != 0 }
