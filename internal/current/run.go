package current

import (
	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/sdk/lake"
)

// run is a run of consecutive unchanged rows of a snapshot batch, emitted
// as one slice.
type run struct {
	m     *merger
	rec   arrow.RecordBatch
	start int // -1: no run
}

func newRun(m *merger, rec arrow.RecordBatch) *run { return &run{m: m, rec: rec, start: -1} }

func (r *run) add(i int) {
	if r.start < 0 {
		r.start = i
	}
}

// flush emits the run's rows, which end before row end.
func (r *run) flush(end int) error {
	if r.start < 0 {
		return nil
	}
	slice := r.rec.NewSlice(int64(r.start), int64(end))
	defer slice.Release()
	r.start = -1
	switch {
	case r.m.emitRecord != nil:
		rec := retype(slice, r.m.t.schema)
		defer rec.Release()
		return r.m.emitRecord(rec)
	case r.m.emit != nil:
		return lake.RecordRows(slice, r.m.emit)
	}
	return nil
}
