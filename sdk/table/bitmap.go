package table

import (
	"github.com/apache/arrow-go/v18/arrow/memory"
)

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

// addOnes appends n set bits.
func (m *bitmap) addOnes(n int) {
	if m.zeros == 0 {
		m.n += n
		return
	}
	for range n {
		m.addSlow(true)
	}
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
