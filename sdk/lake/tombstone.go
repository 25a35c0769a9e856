package lake

import (
	"fmt"
	"sort"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/sdk/table"
)

// Stamp is what every tombstone of a round carries besides its key.
type Stamp struct {
	// Round is the round number.
	Round int64
	// FirstSeq is the _seq of the first tombstone; the others follow. It
	// must be above every _seq the round already wrote to the table.
	FirstSeq int64
	// SyncedAt is the round's start.
	SyncedAt time.Time
}

// Tombstones builds the tombstones of missing as one record of the table's
// change-log schema: key columns set and listed in _fields, every other
// declared column null, _op "delete", _removed_reason the missing key's
// reason. The caller releases the record.
func Tombstones(mem memory.Allocator, schema *arrow.Schema, missing []Missing, st Stamp) (arrow.RecordBatch, error) {
	rb := array.NewRecordBuilder(mem, schema)
	defer rb.Release()
	for i, f := range schema.Fields() {
		if err := fillColumn(rb.Field(i), f, missing, st); err != nil {
			return nil, err
		}
	}
	return rb.NewRecordBatch(), nil
}

// fillColumn appends one column's values for every tombstone.
func fillColumn(b array.Builder, f arrow.Field, missing []Missing, st Stamp) error {
	for n, m := range missing {
		switch f.Name {
		case table.ColOp:
			b.(*array.StringBuilder).Append(table.OpDelete)
		case table.ColRemovedReason:
			b.(*array.StringBuilder).Append(m.Reason)
		case table.ColRound:
			b.(*array.Int64Builder).Append(st.Round)
		case table.ColSeq:
			b.(*array.Int64Builder).Append(st.FirstSeq + int64(n))
		case table.ColSyncedAt:
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(st.SyncedAt.UnixMilli()))
		case table.ColStream:
			b.(*array.StringBuilder).Append(m.Stream)
		case table.ColFields:
			appendKeyNames(b.(*array.ListBuilder), m.Key)
		default:
			v, isKey := m.Key[f.Name]
			if !isKey {
				b.AppendNull()
				continue
			}
			sb, ok := b.(*array.StringBuilder)
			if !ok {
				return fmt.Errorf("key column %s is %s, not a string", f.Name, f.Type)
			}
			sb.Append(v)
		}
	}
	return nil
}

// appendKeyNames appends the sorted key column names as one _fields list.
func appendKeyNames(lb *array.ListBuilder, key map[string]string) {
	names := make([]string, 0, len(key))
	for k := range key {
		names = append(names, k)
	}
	sort.Strings(names)
	lb.Append(true)
	vb := lb.ValueBuilder().(*array.StringBuilder)
	for _, n := range names {
		vb.Append(n)
	}
}
