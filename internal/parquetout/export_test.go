package parquetout

import (
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// WithTenant is withTenant, for tests.
var WithTenant = withTenant

// WriteWithoutKnownForm writes recs (their _tenant stamped already) as
// one Parquet file of one row group, with the properties a Writer with
// options o chooses, but every column handed to pqarrow as it is: the
// way files were written before the columns of known values were written
// as dictionaries (knownForm).
func WriteWithoutKnownForm(w io.Writer, o Options, recs []arrow.RecordBatch) error {
	first := recs[0]
	fw, err := pqarrow.NewFileWriter(first.Schema(), w, writerProps(o.withDefaults(), first, plainColumns(first)), arrowProps())
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if err := fw.WriteBuffered(rec); err != nil {
			return err
		}
	}
	return fw.Close()
}

// KnownColumns names the columns that a Writer with options o writes as
// dictionaries in a file whose first batch is first (newKnownForm).
func KnownColumns(first arrow.RecordBatch, o Options) []string {
	form := newKnownForm(first, o, plainColumns(first))
	defer form.release()
	if form == nil {
		return nil
	}
	var names []string
	for _, c := range form.cols {
		names = append(names, first.Schema().Field(c.index).Name)
	}
	return names
}
