// Package parquetout turns a round's Arrow record batches into Parquet
// files in the lake, one file set per table, rolled by size.
//
// Files are streamed to the store while the round runs: row groups are
// built with pqarrow's buffered row groups and flushed once they reach
// Options.RowGroupBytes, and a file is committed once it reaches
// Options.TargetFileBytes. Every file is zstd-compressed, dictionary
// encoded, stores its Arrow schema and writes timestamps as
// TIMESTAMP(MILLIS, UTC), so Athena and DuckDB read it.
//
// The package does not decide what a round contains, commit the round
// (package manifest does) nor remove the files of a failed round: after
// Abort, committed parts stay as orphans for garbage collection.
package parquetout
