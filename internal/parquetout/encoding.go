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
// hashes a dozen names per row (with arrow-go v18.9.0, a dictionary made
// the Parquet writing of a users round 15% slower).
var fieldsPath = table.ColFields + ".list.element"

// columnChoices is how a file writes its columns, chosen from its first
// batch.
type columnChoices struct {
	// plain names the columns to write without a dictionary: _fields'
	// elements (fieldsPath), the table's key columns (declared in the
	// schema's metadata) and _seq, which are unique, every other
	// top-level string, binary or 64-bit column whose sampled values are
	// mostly distinct, and the top-level string and binary columns
	// without a value in a sample-sized first batch (neverSet) or with
	// one value only (constantText). Other nested columns keep the
	// dictionary.
	plain []string
	// noMinMax names the plain string and binary columns whose min and
	// max would prune nothing (see the comment above chooseColumns).
	noMinMax []string
}

// Statistics of a column of nearly unique strings (ids, addresses,
// names) prune nothing: Graph returns items in no documented order, so
// the min and max of a row group's thousands of such values span nearly
// all of them, and a reader skips no row group for a filter like
// id = '…'. Comparing every value against the running min and max took 9%
// of the host's Parquet writing of a users round (BenchmarkWriteUsers).
// So a string column the sample finds mostly distinct keeps none, unless
// it is a key column of a file sorted by its key (a current-state
// snapshot), whose row groups' ranges do not overlap. A first batch too
// small to sample (an incremental round's few changes) keeps them all,
// and so do numbers and timestamps: cheap to compare, and _seq and dates
// follow the order rows arrive in.

// chooseColumns chooses how a file whose first batch is first writes its
// columns (columnChoices); sortedByKey says its rows are sorted by the
// table's key.
func chooseColumns(first arrow.RecordBatch, sortedByKey bool) columnChoices {
	schema := first.Schema()
	c := columnChoices{plain: []string{fieldsPath}}
	key := map[string]bool{}
	if d, err := table.ReadDeclared(schema); err == nil {
		for _, k := range d.Key {
			key[k] = true
		}
	}
	for i, f := range schema.Fields() {
		col := first.Column(i)
		s := sample(col)
		distinct := s.mostlyDistinct()
		if !key[f.Name] && f.Name != table.ColSeq && !distinct && !neverSet(col) && !constantText(col, s) {
			continue
		}
		c.plain = append(c.plain, f.Name)
		if distinct && unprunable(f.Type) && !(key[f.Name] && sortedByKey) {
			c.noMinMax = append(c.noMinMax, f.Name)
		}
	}
	return c
}

// neverSet reports whether col is a string or binary column without a
// value among at least minSample rows: a property the source does not
// select, likely null in every batch of the file. arrow-go writes such a
// column through its dictionary by first making a slice of every batch's
// length (24 bytes a row, zeroed, then collected): for the 17 such
// columns of a users round, two thirds of what the host's Parquet writing
// allocated. Plain, it takes arrow-go's path that reads the Arrow offsets
// in place. Should values come later, plain and zstd still keep them.
func neverSet(col arrow.Array) bool {
	return unprunable(col.DataType()) && col.Len() >= minSample && col.NullN() == col.Len()
}

// unprunable reports whether a mostly distinct column of type t would
// keep statistics that prune nothing: strings and binary.
func unprunable(t arrow.DataType) bool {
	switch t.ID() {
	case arrow.STRING, arrow.LARGE_STRING, arrow.BINARY, arrow.LARGE_BINARY:
		return true
	}
	return false
}

// sampled is what sample found in a column's first sampleRows values.
type sampled struct {
	distinct int // distinct values among the non-null ones
	values   int // non-null values
}

// mostlyDistinct reports whether more than maxDistinctShare of the
// sampled values differ, among at least minSample non-null ones.
func (s sampled) mostlyDistinct() bool {
	return s.values >= minSample && float64(s.distinct)/float64(s.values) > maxDistinctShare
}

// constantText reports whether col is a string or binary column whose
// sampled values s, at least minSample of them not null, are all one
// value (_op, _stream and _tenant of a round's first batch). Written
// plain, zstd shrinks such a run to nothing: a users round's file grew
// by 475 bytes in 1.5 MB. Through arrow-go's dictionary, every value is
// hashed, compared and given a slot in a slice of the batch's length:
// 4–7% of the host's instructions in a users round, for three columns.
func constantText(col arrow.Array, s sampled) bool {
	return unprunable(col.DataType()) && s.values >= minSample && s.distinct == 1
}

// sample counts the distinct values among the non-null ones of the first
// sampleRows of col, and those values; nothing for a type it does not
// read.
func sample(col arrow.Array) sampled {
	n := min(col.Len(), sampleRows)
	var s sampled
	switch a := col.(type) {
	case *array.String:
		s.distinct, s.values = countDistinct(n, a.IsNull, a.Value)
	case *array.Binary:
		s.distinct, s.values = countDistinct(n, a.IsNull, func(i int) string { return string(a.Value(i)) })
	case *array.Int64:
		s.distinct, s.values = countDistinct(n, a.IsNull, a.Value)
	case *array.Float64:
		s.distinct, s.values = countDistinct(n, a.IsNull, a.Value)
	case *array.Timestamp:
		s.distinct, s.values = countDistinct(n, a.IsNull, a.Value)
	}
	return s
}

// countDistinct counts the distinct values among the non-null ones of
// the first n, and those values.
func countDistinct[T comparable](n int, isNull func(int) bool, value func(int) T) (distinct, values int) {
	seen := make(map[T]struct{}, n)
	for i := range n {
		if !isNull(i) {
			seen[value(i)] = struct{}{}
			values++
		}
	}
	return len(seen), values
}
