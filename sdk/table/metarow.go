package table

import (
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
	for _, i := range b.byName {
		if b.present[i] {
			name := b.table.Columns[i].Name
			putText(mc.fieldNames, name)
			size += len(name) + 4
		}
	}
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
