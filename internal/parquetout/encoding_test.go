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
