package parquetout_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/store"
)

// testSchema is a small table: an id, a counter, a timestamp and a list.
var testSchema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.BinaryTypes.String},
	{Name: "n", Type: arrow.PrimitiveTypes.Int64},
	{Name: "_synced_at", Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, Nullable: true},
	{Name: "tags", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
}, nil)

// batch returns rows first..first+n-1 of testSchema; pad adds that many
// pseudo-random bytes, hex-encoded, to every id.
func batch(t *testing.T, first, n, pad int) arrow.RecordBatch {
	t.Helper()
	var b strings.Builder
	b.WriteString("[")
	for i := first; i < first+n; i++ {
		if i > first {
			b.WriteString(",")
		}
		noise := make([]byte, pad)
		rand.NewChaCha8([32]byte{byte(i), byte(i >> 8), byte(i >> 16)}).Read(noise)
		id := fmt.Sprintf("%08x%x", i, noise)
		fmt.Fprintf(&b, `{"id":%q,"n":%d,"_synced_at":"2024-03-05T10:00:%02d.123Z","tags":["t%d"]}`, id, i, i%60, i%7)
	}
	b.WriteString("]")
	rec, _, err := array.RecordFromJSON(memory.DefaultAllocator, testSchema, strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rec.Release)
	return rec
}

// otherBatch returns a one-row batch whose schema is not testSchema.
func otherBatch(t *testing.T) arrow.RecordBatch {
	t.Helper()
	sc := arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.BinaryTypes.String}}, nil)
	rec, _, err := array.RecordFromJSON(memory.DefaultAllocator, sc, strings.NewReader(`[{"id":"x"}]`))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rec.Release)
	return rec
}

// newLake returns an empty local store.
func newLake(t *testing.T) store.Store {
	t.Helper()
	s, err := newBenchLake(t)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newBenchLake returns an empty local store in a temporary folder.
func newBenchLake(tb testing.TB) (store.Store, error) { return store.NewLocal(tb.TempDir()) }

// testOptions returns Options for round 7 of run "r1", dated 2024-03-05
// 23:30 at UTC-1, which is 2024-03-06 in UTC.
func testOptions(s store.Store) parquetout.Options {
	return parquetout.Options{Store: s, Round: 7, RunID: "r1",
		Date: time.Date(2024, 3, 5, 23, 30, 0, 0, time.FixedZone("x", -3600))}
}

// fileMeta reads the Parquet footer of name.
func fileMeta(t *testing.T, s store.Store, name string) *metadata.FileMetaData {
	t.Helper()
	return openParquet(t, s, name).MetaData()
}

// openParquet opens name as a Parquet file, closed when the test ends.
func openParquet(t *testing.T, s store.Store, name string) *file.Reader {
	t.Helper()
	r, err := s.Open(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	pf, err := file.NewParquetReader(r)
	if err != nil {
		r.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { pf.Close() }) // closes r too
	return pf
}

// sumRows returns the total rows of files.
func sumRows(files []parquetout.File) (n int64) {
	for _, f := range files {
		n += f.Rows
	}
	return n
}

// sameSchema compares field names, nullability and types, ignoring field
// metadata and list element names, which Parquet normalises.
func sameSchema(a, b *arrow.Schema) bool {
	if a.NumFields() != b.NumFields() {
		return false
	}
	for i, fa := range a.Fields() {
		fb := b.Field(i)
		if fa.Name != fb.Name || fa.Nullable != fb.Nullable || !arrow.TypeEqual(fa.Type, fb.Type) {
			return false
		}
	}
	return true
}
