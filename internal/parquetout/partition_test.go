package parquetout_test

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/table"
)

// TestFilesArePartitionedByTheDeclaredColumn: a table that declares
// PartitionBy has its rows written under the UTC day of that column (a
// null value under the round's day), one file set per day; a table that
// does not is written under the round's day; Drop removes every day's
// files of a table.
func TestFilesArePartitionedByTheDeclaredColumn(t *testing.T) {
	cols := []table.Column{{Name: "id", Type: table.String()}, {Name: "createdDateTime", Type: table.Timestamp()}}
	events := `[{"id":"a","createdDateTime":"2024-03-05T23:59:59Z"},{"id":"b","createdDateTime":"2024-03-05T10:00:00Z"},
		{"id":"c","createdDateTime":"2024-03-04T08:00:00Z"},{"id":"d","createdDateTime":null},
		{"id":"e","createdDateTime":"2024-03-05T00:00:00Z"}]`
	tests := []struct {
		name string
		by   string
		want map[string]int64 // file's partition folder → rows
	}{
		{"by event day", "createdDateTime", map[string]int64{
			"sign_ins/date=2024-03-05": 3, "sign_ins/date=2024-03-04": 1, "sign_ins/date=2024-03-06": 1}},
		{"by round day", "", map[string]int64{"sign_ins/date=2024-03-06": 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, w, _ := writeEvents(t, table.Table{Name: "sign_ins", Key: []string{"id"}, Columns: cols, PartitionBy: tt.by}, events)
			files, err := w.Close(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int64{}
			for _, f := range files {
				got[f.Path[:strings.LastIndexByte(f.Path, '/')]] += f.Rows
				if n := fileMeta(t, s, f.Path).NumRows; n != f.Rows {
					t.Errorf("%s holds %d rows, the writer says %d", f.Path, n, f.Rows)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("rows per partition (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("drop", func(t *testing.T) {
		ctx := context.Background()
		_, w, rec := writeEvents(t, table.Table{Name: "sign_ins", Key: []string{"id"}, Columns: cols, PartitionBy: "createdDateTime"}, events)
		w.Drop(ctx, "sign_ins")
		if err := w.Write(ctx, "sign_ins", rec); err == nil {
			t.Fatal("a dropped table took another batch")
		}
		files, err := w.Close(ctx)
		if err != nil || len(files) != 0 {
			t.Fatalf("Close after Drop = %v, %v; want no files", files, err)
		}
	})
}

// writeEvents writes the JSON rows of tb to a new lake with a new writer,
// left open, and returns the lake, the writer and the batch.
func writeEvents(t *testing.T, tb table.Table, rows string) (store.Store, *parquetout.Writer, arrow.RecordBatch) {
	t.Helper()
	rec, _, err := array.RecordFromJSON(memory.DefaultAllocator, tb.Schema(), strings.NewReader(rows))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rec.Release)
	s := newLake(t)
	w := parquetout.New(testOptions(s))
	if err := w.Write(context.Background(), tb.Name, rec); err != nil {
		t.Fatal(err)
	}
	return s, w, rec
}
