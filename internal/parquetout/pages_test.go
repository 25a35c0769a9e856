package parquetout_test

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/graphlake/graphlake/internal/parquetout"
)

// Data pages stay small (128 KiB, give or take the values of one write
// batch), whatever the row group's size: a column of 1.4 MB of ids is
// split into a dozen pages, not one or two of 1 MiB.
func TestDataPagesAreSmall(t *testing.T) {
	s := newLake(t)
	w := parquetout.New(testOptions(s))
	if err := w.Write(context.Background(), "t", batch(t, 0, 20_000, 32)); err != nil {
		t.Fatal(err)
	}
	files, err := w.Close(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pages, err := openParquet(t, s, files[0].Path).RowGroup(0).GetColumnPageReader(0)
	if err != nil {
		t.Fatal(err)
	}
	n, largest := 0, int32(0)
	for pages.Next() {
		if p, ok := pages.Page().(file.DataPage); ok {
			n++
			largest = max(largest, p.UncompressedSize())
		}
	}
	if err := pages.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 8 || largest > 192<<10 {
		t.Errorf("the id column has %d data pages, the largest %d bytes: want pages of about 128 KiB", n, largest)
	}
}
