package parquetout

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// maxPageBytes caps data pages and dictionaries at pqarrow's default.
const maxPageBytes = 1 << 20

// writerProps are the Parquet properties of a file whose first batch is
// first: zstd, format 2.6 (logical types with isAdjustedToUTC), and
// dictionary encoding except where it cannot pay (plainColumns). Pages and
// dictionaries are kept small next to row groups and files, because size
// estimates only see them once they are finished (see part.buffered).
func writerProps(o Options, first arrow.RecordBatch) *parquet.WriterProperties {
	page := max(min(o.RowGroupBytes, o.TargetFileBytes)/64, 1<<10)
	page = min(page, maxPageBytes)
	opts := []parquet.WriterProperty{
		parquet.WithVersion(parquet.V2_6),
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithDictionaryDefault(true),
		parquet.WithDataPageSize(page),
		parquet.WithDictionaryPageSizeLimit(page),
		parquet.WithStats(true),
	}
	for _, name := range plainColumns(first) {
		opts = append(opts, parquet.WithDictionaryFor(name, false))
	}
	return parquet.NewWriterProperties(opts...)
}

// arrowProps store the Arrow schema in the file (so readers get back the
// exact types) and write timestamps in milliseconds, the unit Athena reads.
func arrowProps() pqarrow.ArrowWriterProperties {
	return pqarrow.NewArrowWriterProperties(
		pqarrow.WithStoreSchema(),
		pqarrow.WithCoerceTimestamps(arrow.Millisecond),
	)
}
