// Package parquettest reads what tests check in the Parquet files the
// host writes.
package parquettest

import (
	"testing"

	"github.com/apache/arrow-go/v18/parquet/metadata"
)

// HasMinMax maps the path of every column chunk of rg ("a", or
// "a.list.element" inside a list) to whether its statistics hold a min
// and a max.
func HasMinMax(tb testing.TB, rg *metadata.RowGroupMetaData) map[string]bool {
	tb.Helper()
	has := map[string]bool{}
	for c := range rg.NumColumns() {
		cc, err := rg.ColumnChunk(c)
		if err != nil {
			tb.Fatal(err)
		}
		st, err := cc.Statistics()
		if err != nil {
			tb.Fatal(err)
		}
		has[cc.PathInSchema().String()] = st != nil && st.HasMinMax()
	}
	return has
}
