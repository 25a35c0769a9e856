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
	"github.com/graphlake/graphlake/sdk/table"
)

// TestDictionaryOnlyWhereValuesRepeat: a file's columns are dictionary
// encoded except the declared key, _seq, _fields and columns whose values
// in the first batch mostly differ; a first batch too small to tell keeps
// the dictionary for all but the key, _seq and _fields.
func TestDictionaryOnlyWhereValuesRepeat(t *testing.T) {
	md := arrow.NewMetadata([]string{table.MetadataTable, table.MetadataKey}, []string{"users", "key"})
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "key", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "mail", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "dept", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "hired", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "tags", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		{Name: table.ColSeq, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: table.ColRound, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: table.ColFields, Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
	}, &md)
	rows := func(n int) arrow.RecordBatch {
		var b strings.Builder
		b.WriteString("[")
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			// key repeats in the small batch, to show that the declaration
			// alone decides.
			fmt.Fprintf(&b, `{"key":"k%d","mail":"u%d@x","dept":"d%d","hired":%d,"tags":["t%d"],"_seq":%d,"_round":3,"_fields":["dept","key","mail"]}`, i%3, i, i%5, i, i, i)
		}
		b.WriteString("]")
		rec, _, err := array.RecordFromJSON(memory.DefaultAllocator, schema, strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(rec.Release)
		return rec
	}
	tests := []struct {
		name  string
		rows  int
		plain []string
	}{
		{"a batch that tells", 1000, []string{"key", "mail", "hired", "_seq", "_fields.list.element"}},
		{"a batch too small to tell", 100, []string{"key", "_seq", "_fields.list.element"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := newLake(t)
			w := parquetout.New(testOptions(s))
			if err := w.Write(ctx, "users", rows(tt.rows)); err != nil {
				t.Fatal(err)
			}
			files, err := w.Close(ctx)
			if err != nil {
				t.Fatal(err)
			}
			rg := fileMeta(t, s, files[0].Path).RowGroup(0)
			var plain []string
			for c := range rg.NumColumns() {
				cc, err := rg.ColumnChunk(c)
				if err != nil {
					t.Fatal(err)
				}
				if !cc.HasDictionaryPage() {
					plain = append(plain, cc.PathInSchema().String())
				}
				for _, e := range cc.Encodings() {
					if !cc.HasDictionaryPage() && (e == parquet.Encodings.RLEDict || e == parquet.Encodings.PlainDict) {
						t.Errorf("column %s has no dictionary page but encodings %v", cc.PathInSchema(), cc.Encodings())
					}
				}
			}
			if diff := cmp.Diff(tt.plain, plain); diff != "" {
				t.Fatalf("columns without a dictionary (-want +got):\n%s", diff)
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
	rg := fileMeta(t, s, files[0].Path).RowGroup(0)
	got := map[string]bool{}
	for c := range rg.NumColumns() {
		cc, err := rg.ColumnChunk(c)
		if err != nil {
			t.Fatal(err)
		}
		st, err := cc.Statistics()
		if err != nil {
			t.Fatal(err)
		}
		got[cc.PathInSchema().String()] = st != nil && st.HasMinMax()
	}
	want := map[string]bool{"id": true, "created": true,
		"passwordCredentials.list.element.keyId": false, "passwordCredentials.list.element.endDateTime": false}
	for path, has := range want {
		if got[path] != has {
			t.Errorf("column %s has min/max statistics: %v, want %v", path, got[path], has)
		}
	}
}
