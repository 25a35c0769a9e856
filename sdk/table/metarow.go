package table

import (
	"fmt"
	"math"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// metaColumns are the meta columns, built as the declared columns are
// (see column).
type metaColumns struct {
	op, reason, stream, extra *varColumn
	round, seq                *fixedColumn[int64]
	syncedAt                  *fixedColumn[arrow.Timestamp]
	fields                    *listColumn
	fieldNames                *varColumn
}

func newMetaColumns(r *recycler) metaColumns {
	names := newVarColumn(parseString, r)
	return metaColumns{
		op: newVarColumn(parseString, r), reason: newVarColumn(parseString, r),
		round:    &fixedColumn[int64]{typ: arrow.PrimitiveTypes.Int64, r: r},
		seq:      &fixedColumn[int64]{typ: arrow.PrimitiveTypes.Int64, r: r},
		syncedAt: &fixedColumn[arrow.Timestamp]{typ: timestampType, r: r},
		stream:   newVarColumn(parseString, r),
		fields:   &listColumn{typ: arrow.ListOf(arrow.BinaryTypes.String), r: r, elem: names, offs: []int32{0}},
		extra:    newVarColumn(parseString, r), fieldNames: names,
	}
}

// all returns the meta columns in schema order (see metaFields).
func (mc *metaColumns) all() []column {
	return []column{mc.op, mc.reason, mc.round, mc.seq, mc.syncedAt, mc.stream, mc.fields, mc.extra}
}

// appendMeta appends the meta columns of the row whose declared columns
// were just appended: _fields are the present columns, in name order;
// reason and extra are null when empty.
func (b *Builder) appendMeta(op, reason string, extra []byte, m Meta) {
	mc := &b.meta
	putText(mc.op, op)
	if reason == "" {
		mc.reason.putNull()
	} else {
		putText(mc.reason, reason)
	}
	mc.round.put(m.Round, true)
	mc.seq.put(m.Seq, true)
	mc.syncedAt.put(arrow.Timestamp(m.SyncedAt.UnixMilli()), true)
	putText(mc.stream, m.Stream)
	size := rowOverhead + len(m.Stream) + len(extra) + len(reason)
	fl := b.fieldLists.of(b)
	mc.fieldNames.putRun(fl.names, fl.ends)
	size += fl.size
	mc.fields.closeList()
	if extra == nil {
		mc.extra.putNull()
	} else {
		putText(mc.extra, extra)
	}
	b.rows++
	b.bytes += size
}

// newArray makes an array of d and releases d.
func newArray(d *array.Data) arrow.Array {
	defer d.Release()
	return array.MakeFromData(d)
}

// fieldListsKept is how many distinct _fields a Builder keeps. Graph
// omits a property that was never set (GRAPH-DELTA.md §2), so a users
// batch alternates between a few sets of columns (with a phone or not,
// with a job title or not): four such sets already need four lists.
const fieldListsKept = 8

// fieldLists keeps the _fields of the last distinct sets of columns rows
// carried, for the rows that carry one of them again, as most rows of a
// batch do: a row's list is then written as one run of bytes rather than
// a name at a time (a name's lookup, copy, offset and validity bit for
// each of the row's columns). A set not kept replaces the oldest.
type fieldLists struct {
	lists [fieldListsKept]fieldList
	last  int // the list the last row used
	next  int // the list the next set not kept replaces
}

// of returns the list of the row b is appending, building it if it is not
// kept.
func (fs *fieldLists) of(b *Builder) *fieldList {
	if fl := &fs.lists[fs.last]; slices.Equal(fl.columns, b.presentSet) {
		return fl
	}
	for i := range fs.lists {
		if fl := &fs.lists[i]; slices.Equal(fl.columns, b.presentSet) {
			fs.last = i
			return fl
		}
	}
	fl := &fs.lists[fs.next]
	fl.build(b)
	fs.last, fs.next = fs.next, (fs.next+1)%len(fs.lists)
	return fl
}

// fieldList is the _fields of rows that carry one set of columns. The
// zero value is the list of a row of no columns, which a row of a
// table's columns never equals.
type fieldList struct {
	columns bitSet  // the columns present in the rows it was built for
	names   []byte  // their names, in name order, one after another
	ends    []int32 // where each name ends in names
	size    int     // their share of the row's estimated bytes
}

// build makes the list of the row b is appending.
func (fl *fieldList) build(b *Builder) {
	fl.columns = append(fl.columns[:0], b.presentSet...)
	fl.names, fl.ends, fl.size = fl.names[:0], fl.ends[:0], 0
	for _, i := range b.byName {
		if b.presentSet.has(i) {
			name := b.table.Columns[i].Name
			fl.names = append(fl.names, name...)
			fl.ends = append(fl.ends, int32(len(fl.names)))
			fl.size += len(name) + 4
		}
	}
}

// putRun appends one value for each of ends, the values being data cut
// at ends. Beyond what the offsets can address it panics, as putText.
func (c *varColumn) putRun(data []byte, ends []int32) {
	if len(c.data)+len(data) > math.MaxInt32 {
		panic(fmt.Sprintf("table: a batch's column holds more than %d bytes", math.MaxInt32))
	}
	base := int32(len(c.data))
	c.data = append(c.data, data...)
	for _, e := range ends {
		c.offs = append(c.offs, base+e)
	}
	c.valid.addOnes(len(ends))
}
