package parquetout

import (
	"github.com/apache/arrow-go/v18/arrow"
)

// Statistics of a column inside a list are left out. arrow-go writes a
// min and max even for such a column chunk that holds no value at all
// (every list of the file empty or null): the accumulator's starting
// sentinels, e.g. the largest int64 as the minimum of a timestamp. DuckDB
// trusts them and fails to read the whole file ("Could not convert
// Timestamp(MS) to Timestamp(US)", the sentinel overflowing the unit
// conversion). Readers cannot prune row groups by the elements of a list
// anyway, so nothing useful is lost.

// listLeafPaths returns the Parquet paths of every leaf column that lies
// inside a list, named as pqarrow names them ("a.list.element.b").
func listLeafPaths(schema *arrow.Schema) []string {
	var out []string
	for _, f := range schema.Fields() {
		out = appendListLeaves(out, f.Name, f.Type, false)
	}
	return out
}

// appendListLeaves appends the leaves of a column of type typ at path,
// when they lie inside a list (inList, or a list on the way down).
func appendListLeaves(out []string, path string, typ arrow.DataType, inList bool) []string {
	switch t := typ.(type) {
	case *arrow.ListType:
		return appendListLeaves(out, path+".list.element", t.Elem(), true)
	case *arrow.LargeListType:
		return appendListLeaves(out, path+".list.element", t.Elem(), true)
	case *arrow.FixedSizeListType:
		return appendListLeaves(out, path+".list.element", t.Elem(), true)
	case *arrow.MapType:
		out = appendListLeaves(out, path+".key_value.key", t.KeyType(), true)
		return appendListLeaves(out, path+".key_value.value", t.ItemType(), true)
	case *arrow.StructType:
		for _, f := range t.Fields() {
			out = appendListLeaves(out, path+"."+f.Name, f.Type, inList)
		}
		return out
	}
	if inList {
		out = append(out, path)
	}
	return out
}
