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
// The package does not decide what a round contains nor commit the round
// (package manifest does). Abort removes what the Writer stored; files
// it could not remove, and those of a process that died, are orphans for
// garbage collection.
package parquetout
