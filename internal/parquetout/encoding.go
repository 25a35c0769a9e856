package parquetout

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/graphlake/graphlake/sdk/table"
)

// Dictionary encoding pays when values repeat (departments, cities, a
// round's number) and only costs when they do not: every value is hashed
// into a dictionary that outgrows its page limit, and then the column
// chunk falls back to plain encoding anyway. The CPU profile of a users
// round spent a quarter of the host in that hashing, for ids, addresses,
// names and _seq.
const (
	// sampleRows is how many rows of a file's first batch are sampled.
	sampleRows = 4096
	// minSample is the fewest non-null values that let the sample decide.
	minSample = 256
	// maxDistinctShare is the share of distinct values in the sample above
	// which a column is written plain.
	maxDistinctShare = 0.5
)

// fieldsPath is the Parquet path of _fields' elements. They are column
// names, a handful repeated on every row in the same order: zstd shrinks
// that plain run to next to nothing, faster than arrow-go's dictionary
// hashes a dozen names per row (each hash allocating).
var fieldsPath = table.ColFields + ".list.element"

// plainColumns names the columns of a file to write without a dictionary,
// from its first batch: _fields' elements (fieldsPath), the table's key
// columns (declared in the schema's metadata) and _seq, which are unique,
// and every other top-level string, binary or 64-bit column whose sampled
// values are mostly distinct. Other nested columns keep the dictionary.
func plainColumns(first arrow.RecordBatch) []string {
	schema := first.Schema()
	plain := []string{fieldsPath}
	unique := map[string]bool{table.ColSeq: true}
	if d, err := table.ReadDeclared(schema); err == nil {
		for _, k := range d.Key {
			unique[k] = true
		}
	}
	for i, f := range schema.Fields() {
		if unique[f.Name] || mostlyDistinct(first.Column(i)) {
			plain = append(plain, f.Name)
		}
	}
	return plain
}

// mostlyDistinct reports whether more than maxDistinctShare of the first
// sampleRows values of col differ, among at least minSample non-null ones.
func mostlyDistinct(col arrow.Array) bool {
	n := min(col.Len(), sampleRows)
	switch a := col.(type) {
	case *array.String:
		return distinctShare(n, a.IsNull, a.Value) > maxDistinctShare
	case *array.Binary:
		return distinctShare(n, a.IsNull, func(i int) string { return string(a.Value(i)) }) > maxDistinctShare
	case *array.Int64:
		return distinctShare(n, a.IsNull, a.Value) > maxDistinctShare
	case *array.Float64:
		return distinctShare(n, a.IsNull, a.Value) > maxDistinctShare
	case *array.Timestamp:
		return distinctShare(n, a.IsNull, a.Value) > maxDistinctShare
	}
	return false
}

// distinctShare is the share of distinct values among the non-null ones
// of the first n; 0 when fewer than minSample are not null.
func distinctShare[T comparable](n int, isNull func(int) bool, value func(int) T) float64 {
	seen := make(map[T]struct{}, n)
	count := 0
	for i := range n {
		if !isNull(i) {
			seen[value(i)] = struct{}{}
			count++
		}
	}
	if count < minSample {
		return 0
	}
	return float64(len(seen)) / float64(count)
}
