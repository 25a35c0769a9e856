package parquetin

import "github.com/apache/arrow-go/v18/arrow"

// RecordRows calls fn with every row of an Arrow record batch, as ReadRows
// does for the rows of a file: for tests that take batches straight from a
// plugin.
func RecordRows(rec arrow.RecordBatch, fn func(row map[string]any) error) error {
	return eachRow(rec, fn)
}
