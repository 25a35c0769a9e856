package table

import (
	"testing"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// utf8Table has a column of every kind that holds text.
var utf8Table = Table{Name: "things", Key: []string{"id"}, Columns: []Column{
	{Name: "id", Type: String()}, {Name: "name", Type: String()}, {Name: "raw", Type: JSON()},
	{Name: "tags", Type: List(String())}, {Name: "addr", Type: Struct(Column{Name: "city", Type: String()})},
	{Name: "rawList", Type: List(JSON())},
}}

// TestInvalidUTF8NeverReachesAStringColumn: Graph's pages may hold invalid
// UTF-8 inside strings (the client accepts it, as encoding/json does), and
// Parquet readers such as DuckDB refuse a file whose string column holds
// it. Every text a row holds, whatever its column, _extra included, is
// valid UTF-8, bad bytes replaced by U+FFFD as encoding/json does.
func TestInvalidUTF8NeverReachesAStringColumn(t *testing.T) {
	items := []string{
		"{\"id\":\"a\xff\",\"name\":\"n\xff\",\"raw\":{\"k\":\"v\xff\"},\"tags\":[\"t\xff\"],\"addr\":{\"city\":\"c\xff\"},\"rawList\":[\"r\xff\"],\"other\":\"o\xff\",\"more\":{\"x\xff\":1}}",
		"{\"id\":\"b\",\"raw\":\"\xc3\",\"other\":[\"\xed\xa0\x80\"]}",
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, direct := range []bool{true, false} {
		b := NewBuilder(mem, utf8Table)
		var r ObjectReader
		for _, item := range items {
			var err error
			if direct {
				_, err = b.AppendItem([]byte(item), testMeta)
			} else {
				var obj Object
				if obj, err = r.Read([]byte(item)); err == nil {
					err = b.Append(obj, testMeta)
				}
			}
			if err != nil {
				t.Fatalf("append %q: %v", item, err)
			}
		}
		rec := b.NewRecord()
		for i, col := range rec.Columns() {
			checkUTF8(t, rec.ColumnName(i), col)
		}
		rec.Release()
		b.Release()
	}
}

// checkUTF8 fails t for every string in arr, nested ones included, that
// is not valid UTF-8.
func checkUTF8(t *testing.T, name string, arr arrow.Array) {
	t.Helper()
	switch a := arr.(type) {
	case *array.String:
		for i := range a.Len() {
			if a.IsValid(i) && !utf8.ValidString(a.Value(i)) {
				t.Errorf("column %s, row %d: %q is not valid UTF-8", name, i, a.Value(i))
			}
		}
	case *array.List:
		checkUTF8(t, name, a.ListValues())
	case *array.Struct:
		for f := range a.NumField() {
			checkUTF8(t, name+"."+a.DataType().(*arrow.StructType).Field(f).Name, a.Field(f))
		}
	}
}
