package parquetout_test

import (
	"context"
	"testing"

	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/parquetout"
)

// writeBatches writes n batches of size rows, each id padded by pad, to
// table users and closes the writer.
func writeBatches(t *testing.T, opts parquetout.Options, n, size, pad int) []parquetout.File {
	t.Helper()
	ctx := context.Background()
	w := parquetout.New(opts)
	for i := range n {
		if err := w.Write(ctx, "users", batch(t, i*size, size, pad)); err != nil {
			t.Fatal(err)
		}
	}
	files, err := w.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestRolling(t *testing.T) {
	tests := []struct {
		name            string
		batches, size   int
		pad             int
		target, rgBytes int64
		rgRows          int64
		wantFiles       int  // exact, or exclusive minimum when atLeast
		atLeast         bool // more than wantFiles files is also fine
		wantRowGroups   int  // per file, exact, or exclusive minimum when rgAtLeast
		rgAtLeast       bool // more than wantRowGroups row groups is also fine
	}{
		{name: "many small batches share one row group in one file",
			batches: 100, size: 10, wantFiles: 1, wantRowGroups: 1},
		{name: "a small target file size rolls to several parts",
			batches: 40, size: 100, pad: 32, target: 64 << 10, wantFiles: 3, atLeast: true, wantRowGroups: 1, rgAtLeast: true},
		{name: "a small row group size flushes several row groups into one file",
			batches: 40, size: 100, pad: 32, rgBytes: 32 << 10, wantFiles: 1, wantRowGroups: 3, rgAtLeast: true},
		{name: "a row group ends at RowGroupRows rows whatever its bytes",
			batches: 25, size: 100, rgRows: 1000, wantFiles: 1, wantRowGroups: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newLake(t)
			opts := testOptions(s)
			opts.TargetFileBytes, opts.RowGroupBytes, opts.RowGroupRows = tt.target, tt.rgBytes, tt.rgRows
			files := writeBatches(t, opts, tt.batches, tt.size, tt.pad)
			if len(files) != tt.wantFiles && !(tt.atLeast && len(files) > tt.wantFiles) {
				t.Fatalf("%d files; want %d (at least: %v)", len(files), tt.wantFiles, tt.atLeast)
			}
			if want := int64(tt.batches * tt.size); sumRows(files) != want {
				t.Fatalf("files hold %d rows; want %d", sumRows(files), want)
			}
			var names []parquetin.File
			for i, f := range files {
				names = append(names, written(f))
				md := fileMeta(t, s, f.Path)
				rg := md.NumRowGroups()
				if rg != tt.wantRowGroups && !(tt.rgAtLeast && rg > tt.wantRowGroups) {
					t.Fatalf("file %d has %d row groups; want %d (at least: %v)", i, rg, tt.wantRowGroups, tt.rgAtLeast)
				}
				if md.NumRows != f.Rows {
					t.Fatalf("file %d: footer says %d rows, File.Rows %d", i, md.NumRows, f.Rows)
				}
			}
			var read int64
			err := parquetin.ReadRows(context.Background(), s, names, func(row map[string]any) error {
				if row["n"].(int64) != read {
					t.Fatalf("row %d has n=%v: parts out of order", read, row["n"])
				}
				read++
				return nil
			})
			if err != nil || read != sumRows(files) {
				t.Fatalf("read %d rows, %v; want %d", read, err, sumRows(files))
			}
		})
	}
}
