package table

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// metaBuilders are the typed builders of the meta columns.
type metaBuilders struct {
	op, reason, stream, extra *array.StringBuilder
	round, seq                *array.Int64Builder
	syncedAt                  *array.TimestampBuilder
	fields                    *array.ListBuilder
	fieldNames                *array.StringBuilder
}

// newMetaBuilders finds the meta columns' builders, which follow the n
// declared columns.
func newMetaBuilders(rb *array.RecordBuilder, n int) metaBuilders {
	fields := rb.Field(n + 6).(*array.ListBuilder)
	return metaBuilders{
		op:         rb.Field(n).(*array.StringBuilder),
		reason:     rb.Field(n + 1).(*array.StringBuilder),
		round:      rb.Field(n + 2).(*array.Int64Builder),
		seq:        rb.Field(n + 3).(*array.Int64Builder),
		syncedAt:   rb.Field(n + 4).(*array.TimestampBuilder),
		stream:     rb.Field(n + 5).(*array.StringBuilder),
		fields:     fields,
		fieldNames: fields.ValueBuilder().(*array.StringBuilder),
		extra:      rb.Field(n + 7).(*array.StringBuilder),
	}
}

// appendMeta appends the meta columns of the row whose declared columns
// were just appended: _fields are the present columns, in name order;
// reason and extra are null when empty.
func (b *Builder) appendMeta(op, reason string, extra []byte, m Meta) {
	mb := &b.meta
	mb.op.Append(op)
	appendStringOrNull(mb.reason, reason)
	mb.round.Append(m.Round)
	mb.seq.Append(m.Seq)
	mb.syncedAt.Append(arrow.Timestamp(m.SyncedAt.UnixMilli()))
	mb.stream.Append(m.Stream)
	mb.fields.Append(true)
	size := rowOverhead + len(m.Stream) + len(extra) + len(reason)
	for _, i := range b.byName {
		if b.present[i] {
			name := b.table.Columns[i].Name
			mb.fieldNames.Append(name)
			size += len(name) + 4
		}
	}
	if extra == nil {
		mb.extra.AppendNull()
	} else {
		mb.extra.BinaryBuilder.Append(extra)
	}
	b.rows++
	b.bytes += size
}

func appendStringOrNull(sb *array.StringBuilder, s string) {
	if s == "" {
		sb.AppendNull()
		return
	}
	sb.Append(s)
}
