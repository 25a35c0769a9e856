package parquetout_test

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/store"
)

// Data pages stay small (120 KiB, give or take the values of one write
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
	sizes := dataPageSizes(t, s, files[0].Path, 0)
	n, largest := len(sizes), int32(0)
	for _, size := range sizes {
		largest = max(largest, size)
	}
	if n < 8 || largest > 192<<10 {
		t.Errorf("the id column has %d data pages, the largest %d bytes: want pages of about 120 KiB", n, largest)
	}
}

// A page of ids as Graph's (a GUID of 36 characters, 40 bytes with its
// length) ends within 128 KiB: arrow-go checks a page's size after each
// write batch of 1,024 values (here 40 KiB), and holds the values in a
// buffer it grows to the next power of two. With a limit of 128 KiB such
// a page ended at 160 KiB, in a buffer of 256 KiB that was allocated,
// then zeroed whole on release, for every page of every such column
// (BENCHMARKS, section 8, sixteenth pass).
func TestGUIDPagesFitAPowerOfTwo(t *testing.T) {
	s := newLake(t)
	w := parquetout.New(testOptions(s))
	// ids of 8 + 2×14 = 36 hexadecimal characters
	if err := w.Write(context.Background(), "t", batch(t, 0, 20_000, 14)); err != nil {
		t.Fatal(err)
	}
	files, err := w.Close(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sizes := dataPageSizes(t, s, files[0].Path, 0)
	if len(sizes) < 3 {
		t.Fatalf("%d data pages of 800,000 bytes of ids", len(sizes))
	}
	for _, size := range sizes[:len(sizes)-1] {
		if size > 128<<10 || size < 96<<10 {
			t.Errorf("data pages of the ids of %v bytes: want each but the last between 96 and 128 KiB", sizes)
			break
		}
	}
}

// dataPageSizes returns the uncompressed size of each data page of column
// col in the first row group of the Parquet file at path in s.
func dataPageSizes(t *testing.T, s store.Store, path string, col int) []int32 {
	t.Helper()
	pages, err := openParquet(t, s, path).RowGroup(0).GetColumnPageReader(col)
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int32
	for pages.Next() {
		if p, ok := pages.Page().(file.DataPage); ok {
			sizes = append(sizes, p.UncompressedSize())
		}
	}
	if err := pages.Err(); err != nil {
		t.Fatal(err)
	}
	return sizes
}
