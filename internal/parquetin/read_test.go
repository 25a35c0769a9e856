package parquetin_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/store"
)

var (
	pair = arrow.StructOf(
		arrow.Field{Name: "a", Type: arrow.BinaryTypes.String, Nullable: true},
		arrow.Field{Name: "b", Type: arrow.FixedWidthTypes.Boolean, Nullable: true})
	richSchema = arrow.NewSchema([]arrow.Field{
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "ok", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
		{Name: "i", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "f", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "at", Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "tags", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		{Name: "pair", Type: pair, Nullable: true},
		{Name: "pairs", Type: arrow.ListOf(pair), Nullable: true},
	}, nil)
)

// richJSON is one file's rows; richRows are the same rows as ReadRows
// returns them.
const richJSON = `[
 {"s":"x","ok":true,"i":-7,"f":1.5,"at":"2024-03-05T10:11:12.345Z","tags":["a",null,"b"],
  "pair":{"a":"p","b":false},"pairs":[{"a":"q","b":true},null,{"a":null,"b":null}]},
 {"s":null,"ok":null,"i":null,"f":null,"at":null,"tags":null,"pair":null,"pairs":null},
 {"s":"","ok":false,"i":0,"f":0,"at":"1970-01-01T00:00:00Z","tags":[],"pair":{"a":null,"b":true},"pairs":[]}
]`

var richRows = []map[string]any{
	{"s": "x", "ok": true, "i": int64(-7), "f": 1.5, "at": time.Date(2024, 3, 5, 10, 11, 12, 345e6, time.UTC),
		"tags": []any{"a", nil, "b"}, "pair": map[string]any{"a": "p", "b": false},
		"pairs": []any{map[string]any{"a": "q", "b": true}, nil, map[string]any{"a": nil, "b": nil}}},
	{"s": nil, "ok": nil, "i": nil, "f": nil, "at": nil, "tags": nil, "pair": nil, "pairs": nil},
	{"s": "", "ok": false, "i": int64(0), "f": 0.0, "at": time.Unix(0, 0).UTC(), "tags": []any{},
		"pair": map[string]any{"a": nil, "b": true}, "pairs": []any{}},
}

// writeRich writes richJSON to n files of a fresh lake and returns them.
func writeRich(t *testing.T, n int) (store.Store, []parquetin.File) {
	t.Helper()
	ctx := context.Background()
	s, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rec, _, err := array.RecordFromJSON(memory.DefaultAllocator, richSchema, strings.NewReader(richJSON))
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	var names []parquetin.File
	for i := range n {
		w := parquetout.New(parquetout.Options{Store: s, Round: int64(i), RunID: "t", Date: time.Now()})
		if err := w.Write(ctx, "rich", rec); err != nil {
			t.Fatal(err)
		}
		files, err := w.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, parquetin.File{Path: files[0].Path, Bytes: files[0].Bytes, SHA256: files[0].SHA256})
	}
	return s, names
}

func TestReadRows(t *testing.T) {
	s, names := writeRich(t, 2)
	tests := []struct {
		name  string
		files []parquetin.File
		want  []map[string]any
	}{
		{"every type and null comes back as a plain Go value", names[:1], richRows},
		{"files are read in the order given", []parquetin.File{names[1], names[0]}, append(richRows[:3:3], richRows...)},
		{"no files yield no rows", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []map[string]any
			err := parquetin.ReadRows(context.Background(), s, tt.files, func(row map[string]any) error {
				got = append(got, row)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadRowsErrors(t *testing.T) {
	s, names := writeRich(t, 1)
	stop := errors.New("stop")
	tests := []struct {
		name  string
		files []parquetin.File
		fn    func(map[string]any) error
		want  error
	}{
		{"an error from fn stops the read and comes back", names, func(map[string]any) error { return stop }, stop},
		{"a missing file reports ErrNotExist", []parquetin.File{{Path: "rich/none.parquet", Bytes: 1, SHA256: names[0].SHA256}}, nil, store.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := parquetin.ReadRows(context.Background(), s, tt.files, tt.fn)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v; want %v", err, tt.want)
			}
		})
	}
	t.Run("a file that is not Parquet is an error", func(t *testing.T) {
		junk := []byte("not parquet")
		if err := s.PutIfAbsent(context.Background(), "junk.parquet", junk); err != nil {
			t.Fatal(err)
		}
		if err := parquetin.ReadRows(context.Background(), s, []parquetin.File{recordOf("junk.parquet", junk)}, nil); err == nil {
			t.Fatal("no error")
		}
	})
}

func TestReadSchema(t *testing.T) {
	s, names := writeRich(t, 1)
	got, err := parquetin.ReadSchema(context.Background(), s, names[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the written types come back", func(t *testing.T) {
		for i, f := range richSchema.Fields() {
			g := got.Field(i)
			if g.Name != f.Name || !arrow.TypeEqual(g.Type, f.Type) {
				t.Errorf("field %d is %s %s; want %s %s", i, g.Name, g.Type, f.Name, f.Type)
			}
		}
	})
}

func TestReadColumnsReadsOnlyTheNamedColumns(t *testing.T) {
	s, names := writeRich(t, 1)
	columns := []string{"s", "tags", "pair"}
	var want []map[string]any
	for _, r := range richRows {
		want = append(want, map[string]any{"s": r["s"], "tags": r["tags"], "pair": r["pair"]})
	}
	var got []map[string]any
	err := parquetin.ReadColumns(context.Background(), s, names, columns, func(row map[string]any) error {
		got = append(got, row)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("rows (-want +got):\n%s", diff)
	}
	err = parquetin.ReadColumns(context.Background(), s, names, []string{"nope"}, func(map[string]any) error { return nil })
	if err == nil || !strings.Contains(err.Error(), `no column "nope"`) {
		t.Errorf("reading a column the file lacks: %v, want an error naming it", err)
	}
}
