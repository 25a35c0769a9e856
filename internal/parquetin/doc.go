// Package parquetin reads the lake's Parquet files back as plain Go
// values, for tests, `etl show` and tools that fold the change log into
// current state.
//
// Rows come as lake.RecordRows makes them: maps from column name to
// string, bool, int64, float64, time.Time (UTC), []byte, []any (lists),
// map[string]any (structs) or nil (null). Files are read record batch by
// record batch, not whole.
//
// Every file is named with what its manifest entry records of it (File)
// and read once, whole, to check its length and SHA-256 before arrow-go
// parses a byte of it; the checked copy is what is parsed (OpenFile).
//
// The package is not a query engine: it neither filters, projects nor
// merges rows (see package sdk/lake), and it holds a whole batch of rows
// per file in memory, which suits tests and small tables only.
package parquetin
