package lake

import "github.com/apache/arrow-go/v18/arrow"

// RecordRows calls fn with every row of an Arrow record batch, as a map
// from column name to string, bool, int64, float64, time.Time (UTC),
// []byte, []any (lists), map[string]any (structs) or nil (null): how the
// host reads the lake's Parquet files back, and how tests read batches
// straight from a plugin. An error from fn stops it and is returned.
func RecordRows(rec arrow.RecordBatch, fn func(row map[string]any) error) error {
	return eachRow(rec, fn)
}
