package parquetout_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/sdk/table"
)

// TestKnownColumnsWriteTheSameFiles checks that writing the columns of
// known values (_op, the stamped _tenant) as dictionary arrays leaves the
// lake's files as they were: the same Parquet schema, stored Arrow
// schema, encodings and values, in one row group or several, with
// deletions among the upserts, and with rows of another tenant (a
// snapshot's), whose _tenant is then written plain.
func TestKnownColumnsWriteTheSameFiles(t *testing.T) {
	users := pluginUserBatches(t, 9000, 3000)
	t.Cleanup(func() {
		for _, r := range users {
			r.Release()
		}
	})
	deletions := func(i int, rec arrow.RecordBatch) arrow.RecordBatch {
		if i == 1 {
			return withStrings(t, rec, table.ColOp, 17, table.OpDelete, table.OpUpsert, table.OpDelete)
		}
		return rec
	}
	otherTenant := func(i int, rec arrow.RecordBatch) arrow.RecordBatch {
		if i == 1 {
			return withStrings(t, rec, table.ColTenant, 0, "another")
		}
		return rec
	}
	otherRound := func(i int, rec arrow.RecordBatch) arrow.RecordBatch {
		if i == 1 {
			return withRound(t, rec, 5, 0)
		}
		return rec
	}
	all := []string{table.ColOp, table.ColRound, table.ColSyncedAt, table.ColTenant}
	cases := []struct {
		name string
		// change returns batch i as written; nil keeps it.
		change       func(i int, rec arrow.RecordBatch) arrow.RecordBatch
		tenant       string
		rowGroupRows int64
		// snapshot names the file as the current state's snapshots do.
		snapshot bool
		known    []string
		// plain is a column the change makes plain.
		plain string
	}{
		{name: "upserts", tenant: benchTenant, known: all},
		{name: "deletions among upserts", change: deletions, tenant: benchTenant, known: all},
		{name: "each batch its own row group", change: deletions, tenant: benchTenant, rowGroupRows: 3000, known: all},
		{name: "no tenant stamped", known: []string{table.ColOp, table.ColRound, table.ColSyncedAt}},
		{name: "a snapshot", tenant: benchTenant, snapshot: true, known: []string{table.ColOp, table.ColTenant}},
		{name: "rows of another tenant", change: otherTenant, tenant: benchTenant, known: all, plain: table.ColTenant},
		{name: "rows of another tenant, a row group each", change: otherTenant, tenant: benchTenant, rowGroupRows: 3000, known: all, plain: table.ColTenant},
		{name: "a row of another round", change: otherRound, tenant: benchTenant, known: all, plain: table.ColRound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			s := newLake(t)
			o := testOptions(s)
			o.Tenant, o.RowGroupRows = c.tenant, c.rowGroupRows
			if c.snapshot {
				o.ObjectName = func(table string, part int) string { return fmt.Sprintf("%s/current-%d.parquet", table, part) }
			}
			var recs []arrow.RecordBatch // as written, _tenant stamped
			for i, r := range users {
				r = parquetout.WithTenant(r, benchTenant)
				t.Cleanup(r.Release)
				if c.change != nil {
					r = c.change(i, r)
				}
				recs = append(recs, r)
			}
			if got := parquetout.KnownColumns(recs[0], o); !slices.Equal(got, c.known) {
				t.Fatalf("known columns %v, want %v", got, c.known)
			}
			w := parquetout.New(o)
			for _, r := range recs {
				if err := w.Write(ctx, "users", r); err != nil {
					t.Fatal(err)
				}
			}
			files, err := w.Close(ctx)
			if err != nil || len(files) != 1 {
				t.Fatalf("files %v, %v; want one", files, err)
			}
			var before bytes.Buffer
			if c.rowGroupRows == 0 { // one row group, as WriteWithoutConstForm writes
				if err := parquetout.WriteWithoutKnownForm(&before, o, recs); err != nil {
					t.Fatal(err)
				}
				sameFile(t, parquetMeta(t, before.Bytes()), fileMeta(t, s, files[0].Path), c.plain)
			}
			schema, err := parquetin.ReadSchema(ctx, s, written(files[0]))
			if err != nil {
				t.Fatal(err)
			}
			if !sameSchema(schema, recs[0].Schema()) || !schema.Metadata().Equal(recs[0].Schema().Metadata()) {
				t.Errorf("schema read back\n%s\nwant\n%s", schema, recs[0].Schema())
			}
			var back []arrow.RecordBatch
			err = parquetin.ReadRecords(ctx, s, []parquetin.File{written(files[0])}, func(rec arrow.RecordBatch) error {
				rec.Retain()
				back = append(back, rec)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(rowsJSON(t, recs), rowsJSON(t, back)); diff != "" {
				t.Errorf("rows read back (-written +read):\n%s", diff)
			}
			for _, r := range back {
				r.Release()
			}
		})
	}
}

// sameFile checks that the file now holds what before held: the same
// Parquet schema, key-value metadata (the stored Arrow schema among it),
// row groups and every column chunk's encodings, except for the column
// plain, which now has no dictionary page.
func sameFile(t *testing.T, before, now *metadata.FileMetaData, plain string) {
	t.Helper()
	if now.Schema.String() != before.Schema.String() {
		t.Errorf("Parquet schema\n%s\nwant\n%s", now.Schema, before.Schema)
	}
	if diff := cmp.Diff(kv(before), kv(now)); diff != "" {
		t.Errorf("file metadata (-before +now):\n%s", diff)
	}
	if now.NumRowGroups() != before.NumRowGroups() || now.NumRows != before.NumRows {
		t.Fatalf("%d row groups of %d rows, want %d of %d", now.NumRowGroups(), now.NumRows, before.NumRowGroups(), before.NumRows)
	}
	for g := range now.NumRowGroups() {
		for i := range now.NumColumns() {
			b, err := before.RowGroup(g).ColumnChunk(i)
			if err != nil {
				t.Fatal(err)
			}
			n, err := now.RowGroup(g).ColumnChunk(i)
			if err != nil {
				t.Fatal(err)
			}
			want := b.Encodings()
			if n.PathInSchema().String() == plain {
				want = []parquet.Encoding{parquet.Encodings.Plain, parquet.Encodings.RLE}
			}
			if !slices.Equal(n.Encodings(), want) || n.NumValues() != b.NumValues() {
				t.Errorf("row group %d, column %s: %d values, encodings %v; want %d, %v", g, n.PathInSchema(), n.NumValues(), n.Encodings(), b.NumValues(), want)
			}
		}
	}
}

// TestKnownColumnsAreWrittenWithoutHashing checks that _op and the
// stamped _tenant are not hashed value by value: arrow-go's hashing
// allocates for each value, writing them as dictionary arrays does not.
func TestKnownColumnsAreWrittenWithoutHashing(t *testing.T) {
	const rows = 6000
	schema := arrow.NewSchema([]arrow.Field{{Name: table.ColOp, Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewStringBuilder(memory.DefaultAllocator)
	for i := range rows {
		b.Append([]string{table.OpUpsert, table.OpDelete}[min(i%100, 1)])
	}
	col := b.NewArray()
	b.Release()
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, rows)
	col.Release()
	t.Cleanup(rec.Release)
	ctx := context.Background()
	o := testOptions(newLake(t))
	o.Tenant = benchTenant
	w := parquetout.New(o)
	if err := w.Write(ctx, "ops", rec); err != nil { // the file is open
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(10, func() {
		if err := w.Write(ctx, "ops", rec); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > rows/10 {
		t.Errorf("writing %d rows of _op and _tenant took %.0f allocations", rows, allocs)
	}
	if _, err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// withStrings returns rec with rows from..from+len(values)-1 of the named
// string column replaced by values; released when the test ends.
func withStrings(t *testing.T, rec arrow.RecordBatch, name string, from int, values ...string) arrow.RecordBatch {
	t.Helper()
	i := rec.Schema().FieldIndices(name)[0]
	old := rec.Column(i).(*array.String)
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	for j := range old.Len() {
		switch {
		case j >= from && j < from+len(values):
			b.Append(values[j-from])
		case old.IsNull(j):
			b.AppendNull()
		default:
			b.Append(old.Value(j))
		}
	}
	col := b.NewArray()
	defer col.Release()
	cols := slices.Clone(rec.Columns())
	cols[i] = col
	out := array.NewRecordBatch(rec.Schema(), cols, rec.NumRows())
	t.Cleanup(out.Release)
	return out
}

// withRound returns rec with its _round on row i set to round; released
// when the test ends.
func withRound(t *testing.T, rec arrow.RecordBatch, i int, round int64) arrow.RecordBatch {
	t.Helper()
	c := rec.Schema().FieldIndices(table.ColRound)[0]
	values := slices.Clone(rec.Column(c).(*array.Int64).Int64Values())
	values[i] = round
	b := array.NewInt64Builder(memory.DefaultAllocator)
	defer b.Release()
	b.AppendValues(values, nil)
	col := b.NewArray()
	defer col.Release()
	cols := slices.Clone(rec.Columns())
	cols[c] = col
	out := array.NewRecordBatch(rec.Schema(), cols, rec.NumRows())
	t.Cleanup(out.Release)
	return out
}

// rowsJSON returns the rows of recs, one JSON object a line.
func rowsJSON(t *testing.T, recs []arrow.RecordBatch) string {
	t.Helper()
	var b strings.Builder
	for _, r := range recs {
		if err := array.RecordToJSON(r, &b); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// parquetMeta reads the footer of the Parquet file b.
func parquetMeta(t *testing.T, b []byte) *metadata.FileMetaData {
	t.Helper()
	r, err := file.NewParquetReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return r.MetaData()
}

// kv returns a file's key-value metadata, in order.
func kv(m *metadata.FileMetaData) [][2]string {
	var out [][2]string
	md := m.KeyValueMetadata()
	for i, k := range md.Keys() {
		out = append(out, [2]string{k, md.Values()[i]})
	}
	return out
}
