package parquetout_test

import (
	"context"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"testing"

	"github.com/graphlake/graphlake/internal/parquetout"
)

func TestConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	s := newLake(t)
	opts := testOptions(s)
	opts.TargetFileBytes = 16 << 10 // roll while others write
	w := parquetout.New(opts)
	writers := []struct {
		table string
		first int
	}{{"users", 0}, {"users", 100000}, {"groups", 0}, {"groups", 100000}}
	var wg sync.WaitGroup
	errs := make([]error, len(writers))
	for i, wr := range writers {
		// Build batches up front: t.Fatal belongs to the test goroutine.
		batches := make([]arrow.RecordBatch, 0, 20)
		for b := range 20 {
			batches = append(batches, batch(t, wr.first+b*50, 50, 16))
		}
		wg.Go(func() {
			for _, b := range batches {
				if err := w.Write(ctx, wr.table, b); err != nil {
					errs[i] = err
					return
				}
			}
		})
	}
	wg.Wait()
	files, err := w.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", i, err)
		}
	}
	rows := map[string]int64{}
	for _, f := range files {
		rows[f.Table] += f.Rows
	}
	t.Run("every table holds every row written to it", func(t *testing.T) {
		if rows["users"] != 2000 || rows["groups"] != 2000 {
			t.Fatalf("rows per table %v; want 2000 each", rows)
		}
	})
	t.Run("files come sorted by table then path", func(t *testing.T) {
		for i := 1; i < len(files); i++ {
			a, b := files[i-1], files[i]
			if a.Table > b.Table || (a.Table == b.Table && a.Path >= b.Path) {
				t.Fatalf("file %d (%s) before file %d (%s)", i-1, a.Path, i, b.Path)
			}
		}
	})
}
