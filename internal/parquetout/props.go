package parquetout

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// maxPageBytes caps dictionaries at pqarrow's default page size.
const maxPageBytes = 1 << 20

// maxDataPageBytes caps data pages. arrow-go builds each page in a pooled
// buffer that grows by doubling from 256 bytes and is zeroed whole when
// the page is done, and the pool is emptied by every garbage collection:
// with 1 MiB pages, growing and clearing page buffers took a fifth of the
// host's Parquet CPU. 128 KiB pages stay in the CPU's caches: the
// Parquet writing of a users round (BenchmarkWriteUsers) takes 22% less
// CPU for 4% more bytes. arrow-go checks the limit after each write batch
// of 1,024 values, so a page ends up to a batch past it, and the buffer
// grows to the next power of two: at 128 KiB, a page of Graph's ids (40
// bytes a value plain, 40 KiB a batch) ended at 160 KiB in a buffer of
// 256 KiB, allocated and then zeroed whole. At 120 KiB it ends at 120 KiB
// (TestGUIDPagesFitAPowerOfTwo), as do pages of batches up to 8 KiB: the
// host's allocations in a users round a sixth fewer, its CPU 4% lower,
// for 0.2% more bytes.
const maxDataPageBytes = 120 << 10

// writerProps are the Parquet properties of a file whose first batch is
// first: zstd, format 2.6 (logical types with isAdjustedToUTC), and
// dictionary encoding except where it cannot pay, and statistics except
// where they prune nothing (chooseColumns) and inside lists
// (listLeafPaths). Pages and dictionaries are kept small next to row
// groups and files, because size estimates only see them once they are
// finished (see part.buffered).
func writerProps(o Options, first arrow.RecordBatch) *parquet.WriterProperties {
	page := max(min(o.RowGroupBytes, o.TargetFileBytes)/64, 1<<10)
	page = min(page, maxPageBytes)
	opts := []parquet.WriterProperty{
		parquet.WithVersion(parquet.V2_6),
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithDictionaryDefault(true),
		parquet.WithDataPageSize(min(page, maxDataPageBytes)),
		parquet.WithDictionaryPageSizeLimit(page),
		parquet.WithStats(true),
	}
	choices := chooseColumns(first, o.SortedByKey)
	for _, name := range choices.plain {
		opts = append(opts, parquet.WithDictionaryFor(name, false))
	}
	for _, name := range choices.noMinMax {
		opts = append(opts, parquet.WithStatsFor(name, false))
	}
	for _, name := range listLeafPaths(first.Schema()) {
		opts = append(opts, parquet.WithStatsFor(name, false))
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
