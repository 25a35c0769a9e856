package parquetout_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/parquetout"
)

func TestWriteRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := newLake(t)
	w := parquetout.New(testOptions(s))
	for i := range 3 {
		if err := w.Write(ctx, "users", batch(t, i*10, 10, 0)); err != nil {
			t.Fatal(err)
		}
	}
	files, err := w.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("one file is named after table, date, round, part and run", func(t *testing.T) {
		want := []string{"users/date=2024-03-06/0000000007-0000-r1.parquet"}
		if diff := cmp.Diff(want, []string{files[0].Path}); diff != "" || len(files) != 1 {
			t.Fatalf("files %v (-want +got):\n%s", files, diff)
		}
	})
	t.Run("every row comes back in order", func(t *testing.T) {
		var ns []int64
		err := parquetin.ReadRows(ctx, s, []parquetin.File{written(files[0])}, func(row map[string]any) error {
			ns = append(ns, row["n"].(int64))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range ns {
			if n != int64(i) {
				t.Fatalf("row %d has n=%d", i, n)
			}
		}
		if len(ns) != 30 || files[0].Rows != 30 {
			t.Fatalf("read %d rows, File.Rows %d; want 30", len(ns), files[0].Rows)
		}
	})
	t.Run("the schema comes back as written", func(t *testing.T) {
		got, err := parquetin.ReadSchema(ctx, s, written(files[0]))
		if err != nil {
			t.Fatal(err)
		}
		if !sameSchema(got, testSchema) {
			t.Fatalf("schema\n%s\nwant\n%s", got, testSchema)
		}
	})
}

func TestWriteErrors(t *testing.T) {
	ctx := context.Background()
	must := func(t *testing.T, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		run  func(t *testing.T, w *parquetout.Writer) error
	}{
		{"a batch with another schema is refused", func(t *testing.T, w *parquetout.Writer) error {
			must(t, w.Write(ctx, "users", batch(t, 0, 1, 0)))
			return w.Write(ctx, "users", otherBatch(t))
		}},
		{"a table that failed refuses further batches", func(t *testing.T, w *parquetout.Writer) error {
			must(t, w.Write(ctx, "users", batch(t, 0, 1, 0)))
			_ = w.Write(ctx, "users", otherBatch(t))
			return w.Write(ctx, "users", batch(t, 1, 1, 0))
		}},
		{"a write after Close is refused", func(t *testing.T, w *parquetout.Writer) error {
			_, err := w.Close(ctx)
			must(t, err)
			return w.Write(ctx, "users", batch(t, 0, 1, 0))
		}},
		{"a write with a cancelled context is refused", func(t *testing.T, w *parquetout.Writer) error {
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			return w.Write(cctx, "users", batch(t, 0, 1, 0))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(t, parquetout.New(testOptions(newLake(t)))); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestAbort(t *testing.T) {
	ctx := context.Background()
	s := newLake(t)
	opts := testOptions(s)
	opts.TargetFileBytes = 1
	w := parquetout.New(opts)
	if err := w.Write(ctx, "users", batch(t, 0, 5, 0)); err != nil { // committed at once
		t.Fatal(err)
	}
	opts.TargetFileBytes = 0
	w2 := parquetout.New(opts)
	if err := w2.Write(ctx, "groups", batch(t, 0, 5, 0)); err != nil { // stays open
		t.Fatal(err)
	}
	w.Abort(ctx)
	w2.Abort(ctx)
	infos, err := s.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("committed parts and open ones vanish", func(t *testing.T) {
		if len(infos) != 0 {
			t.Fatalf("objects after Abort: %v", infos)
		}
	})
}

// written is a file as the writer reports it, for parquetin to check.
func written(f parquetout.File) parquetin.File {
	return parquetin.File{Path: f.Path, Bytes: f.Bytes, SHA256: f.SHA256}
}
