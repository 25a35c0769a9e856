package parquetout

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/graphlake/graphlake/sdk/table"
)

// run is a range of rows [from, to) of a batch that share a partition day.
type run struct {
	from, to int64
	day      string
}

// partitionRuns splits rec into runs of consecutive rows of the same day
// of its table's partition column (table.Table.PartitionBy), a null value
// taking the round's day. It returns nil when the table is partitioned by
// the round's day alone: no partition column declared, a column that is
// not a timestamp, or a writer whose ObjectName lays files out itself
// (snapshots). Events come newest first, so a page of a log is a few runs.
func (w *Writer) partitionRuns(rec arrow.RecordBatch) []run {
	if w.opts.ObjectName != nil {
		return nil
	}
	d, err := table.ReadDeclared(rec.Schema())
	if err != nil || d.PartitionBy == "" {
		return nil
	}
	idx := rec.Schema().FieldIndices(d.PartitionBy)
	if len(idx) != 1 {
		return nil
	}
	col, ok := rec.Column(idx[0]).(*array.Timestamp)
	if !ok {
		return nil
	}
	toTime, err := col.DataType().(*arrow.TimestampType).GetToTimeFunc()
	if err != nil {
		return nil
	}
	roundDay := w.opts.roundDay()
	day := func(i int) string {
		if col.IsNull(i) {
			return roundDay
		}
		return toTime(col.Value(i)).UTC().Format(time.DateOnly)
	}
	runs := []run{}
	for i := range int(rec.NumRows()) {
		d := day(i)
		if n := len(runs); n > 0 && runs[n-1].day == d {
			runs[n-1].to++
			continue
		}
		runs = append(runs, run{from: int64(i), to: int64(i) + 1, day: d})
	}
	if len(runs) == 0 {
		return nil // an empty batch goes to the round's day, as KeepEmpty needs
	}
	return runs
}
