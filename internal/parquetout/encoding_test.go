package parquetout_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/parquettest"
	"github.com/graphlake/graphlake/sdk/table"
)

// TestDictionaryOnlyWhereValuesRepeat: a file's columns are dictionary
// encoded except the declared key, _seq, _fields and columns whose values
// in the first batch mostly differ; a first batch too small to tell keeps
// the dictionary for all but the key, _seq and _fields. A string column
// without a value, or with one value only, in a batch that tells is
// written plain too. Of the columns
// whose values mostly differ, the strings keep no min and max (they would
// prune nothing), except a key column in a file sorted by its key.
func TestDictionaryOnlyWhereValuesRepeat(t *testing.T) {
	md := arrow.NewMetadata([]string{table.MetadataTable, table.MetadataKey}, []string{"users", "key"})
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "key", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "mail", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "dept", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "nick", Type: arrow.BinaryTypes.String, Nullable: true}, // never set
		{Name: "op", Type: arrow.BinaryTypes.String, Nullable: true},   // the same on every row
		{Name: "hired", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "tags", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		{Name: table.ColSeq, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: table.ColRound, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: table.ColFields, Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
	}, &md)
	rows := func(n int, uniqueKeys bool) arrow.RecordBatch {
		var b strings.Builder
		b.WriteString("[")
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			// key repeats unless uniqueKeys, to show that the declaration
			// alone decides its dictionary.
			key := i % 3
			if uniqueKeys {
				key = i
			}
			fmt.Fprintf(&b, `{"key":"k%04d","mail":"u%d@x","dept":"d%d","hired":%d,"op":"upsert","tags":["t%d"],"_seq":%d,"_round":3,"_fields":["dept","key","mail"]}`, key, i, i%5, i, i, i)
		}
		b.WriteString("]")
		rec, _, err := array.RecordFromJSON(memory.DefaultAllocator, schema, strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(rec.Release)
		return rec
	}
	plainWhenTold := []string{"key", "mail", "nick", "op", "hired", "_seq", "_fields.list.element"}
	tests := []struct {
		name        string
		rows        int
		uniqueKeys  bool
		sortedByKey bool
		plain       []string
		noMinMax    []string // besides _fields' elements, inside a list; nick has no value
	}{
		{"a batch that tells", 1000, false, false, plainWhenTold, []string{"mail", "nick"}},
		{"a batch too small to tell", 100, false, false, []string{"key", "_seq", "_fields.list.element"}, []string{"nick"}},
		{"unique keys", 1000, true, false, plainWhenTold, []string{"key", "mail", "nick"}},
		{"unique keys, sorted", 1000, true, true, plainWhenTold, []string{"mail", "nick"}},
		{"unique keys, too few to tell", 100, true, false, []string{"key", "_seq", "_fields.list.element"}, []string{"nick"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := newLake(t)
			o := testOptions(s)
			o.SortedByKey = tt.sortedByKey
			w := parquetout.New(o)
			if err := w.Write(ctx, "users", rows(tt.rows, tt.uniqueKeys)); err != nil {
				t.Fatal(err)
			}
			files, err := w.Close(ctx)
			if err != nil {
				t.Fatal(err)
			}
			rg := fileMeta(t, s, files[0].Path).RowGroup(0)
			hasMinMax := parquettest.HasMinMax(t, rg)
			var plain, noMinMax []string
			for c := range rg.NumColumns() {
				cc, err := rg.ColumnChunk(c)
				if err != nil {
					t.Fatal(err)
				}
				path := cc.PathInSchema().String()
				if !cc.HasDictionaryPage() {
					plain = append(plain, path)
				}
				if !hasMinMax[path] && !strings.Contains(path, ".list.") {
					noMinMax = append(noMinMax, path)
				}
				for _, e := range cc.Encodings() {
					if !cc.HasDictionaryPage() && (e == parquet.Encodings.RLEDict || e == parquet.Encodings.PlainDict) {
						t.Errorf("column %s has no dictionary page but encodings %v", cc.PathInSchema(), cc.Encodings())
					}
				}
			}
			if diff := cmp.Diff(tt.plain, plain); diff != "" {
				t.Errorf("columns without a dictionary (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.noMinMax, noMinMax); diff != "" {
				t.Errorf("top-level columns without min and max (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNoStatisticsInsideLists: a column inside a list has no statistics,
// even in a file where every list is empty (arrow-go would record its
// sentinels as min and max, which DuckDB then fails to read); top-level
// columns keep theirs.
func TestNoStatisticsInsideLists(t *testing.T) {
	tb := table.Table{Name: "apps", Key: []string{"id"}, Columns: []table.Column{
		{Name: "id", Type: table.String()}, {Name: "created", Type: table.Timestamp()},
		{Name: "passwordCredentials", Type: table.List(table.Struct(
			table.Column{Name: "keyId", Type: table.String()}, table.Column{Name: "endDateTime", Type: table.Timestamp()}))}}}
	s, w, _ := writeEvents(t, tb,
		`[{"id":"a","created":"2026-01-01T00:00:00Z","passwordCredentials":[]},{"id":"b","created":"2026-01-02T00:00:00Z","passwordCredentials":null}]`)
	files, err := w.Close(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := parquettest.HasMinMax(t, fileMeta(t, s, files[0].Path).RowGroup(0))
	want := map[string]bool{"id": true, "created": true,
		"passwordCredentials.list.element.keyId": false, "passwordCredentials.list.element.endDateTime": false}
	for path, has := range want {
		if got[path] != has {
			t.Errorf("column %s has min/max statistics: %v, want %v", path, got[path], has)
		}
	}
}
