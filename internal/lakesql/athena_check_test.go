package lakesql

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/table"
)

// TestAthenaDDLMatchesTheParquetFiles writes a file of every built-in
// table with the lake's writer, generates the Athena DDL, parses it and
// compares each table's columns, types and partition key with the file's
// Parquet schema, read the way Athena reads it (its Parquet to Hive type
// mapping, implemented here apart from AthenaType). A column renamed,
// added or retyped on one side only fails the build.
func TestAthenaDDLMatchesTheParquetFiles(t *testing.T) {
	tables, declared := everyBuiltinTable(t)
	st, files := writeOneFileEach(t, declared)
	var b strings.Builder
	lake := fixtureLake(&S3{Bucket: "acme-lake", Prefix: "graph"})
	if err := Athena(&b, tables, lake); err != nil {
		t.Fatal(err)
	}
	ddl := parseAthenaDDL(t, b.String())
	for _, tb := range tables {
		t.Run(tb.Name+"'s tables read its Parquet file", func(t *testing.T) {
			want := parquetColumns(t, st, files[tb.Name])
			for _, raw := range []string{tb.Name + "_raw", tb.Name + "_snapshot_raw"} {
				got, ok := ddl[raw]
				if !ok {
					t.Fatalf("the DDL declares no table %s", raw)
				}
				if diff := diffColumns(want, got.columns); diff != "" {
					t.Errorf("%s: %s", raw, diff)
				}
			}
			date := strings.TrimPrefix(strings.Split(files[tb.Name], "/")[1], "date=")
			checkPartition(t, ddl[tb.Name+"_raw"], "date", "date", date, lake.location(files[tb.Name]))
			snap := "current/" + tb.Name + "/snapshot=00000000000000000010-5eed0001/0000.parquet"
			checkPartition(t, ddl[tb.Name+"_snapshot_raw"], "snapshot", "injected", "00000000000000000010-5eed0001", lake.location(snap))
		})
	}
	if len(ddl) != 2*len(tables)+1 {
		t.Errorf("the DDL declares %d tables, want %d (two per table and the manifest's)", len(ddl), 2*len(tables)+1)
	}
}

// writeOneFileEach writes one tombstone of each table with parquetout, as
// a round does, and returns each table's file name.
func writeOneFileEach(t *testing.T, declared []table.Table) (store.Store, map[string]string) {
	t.Helper()
	st, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	w := parquetout.New(parquetout.Options{Store: st, Round: 1, RunID: "ddlcheck", Date: time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC),
		Tenant: "contoso.onmicrosoft.com"})
	for _, tb := range declared {
		bld := table.NewBuilder(memory.DefaultAllocator, tb)
		key := map[string]string{}
		for _, k := range tb.Key {
			key[k] = "k"
		}
		if err := bld.AppendTombstone(key, "deleted", table.Meta{Round: 1, Seq: 1, SyncedAt: time.Now(), Stream: "s"}); err != nil {
			t.Fatal(err)
		}
		rec := bld.NewRecord()
		if err := w.Write(ctx, tb.Name, rec); err != nil {
			t.Fatal(err)
		}
		rec.Release()
		bld.Release()
	}
	written, err := w.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range written {
		files[f.Table] = f.Path
	}
	return st, files
}

// column is a column's name and Athena type, as a type tree's string.
type column struct{ name, typ string }

// parquetColumns reads a Parquet file's schema as Athena maps it to Hive
// types.
func parquetColumns(t *testing.T, st store.Store, name string) []column {
	t.Helper()
	r, err := st.Open(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	pf, err := file.NewParquetReader(r)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	root := pf.MetaData().Schema.Root()
	cols := make([]column, root.NumFields())
	for i := range cols {
		n := root.Field(i)
		cols[i] = column{n.Name(), hiveType(t, n)}
	}
	return cols
}

// hiveType is Athena's type for a Parquet node: the documented mapping of
// physical and logical types (UTF8 BYTE_ARRAY string, INT64 bigint, INT64
// TIMESTAMP(MILLIS) timestamp, INT32 DATE date, LIST array, group struct).
func hiveType(t *testing.T, n schema.Node) string {
	switch n := n.(type) {
	case *schema.PrimitiveNode:
		lt := n.LogicalType()
		switch {
		case n.PhysicalType() == parquet.Types.ByteArray && lt.Equals(schema.StringLogicalType{}):
			return "string"
		case n.PhysicalType() == parquet.Types.Boolean:
			return "boolean"
		case n.PhysicalType() == parquet.Types.Double:
			return "double"
		case n.PhysicalType() == parquet.Types.Int32 && lt.Equals(schema.DateLogicalType{}):
			return "date"
		case n.PhysicalType() == parquet.Types.Int64:
			if ts, ok := lt.(schema.TimestampLogicalType); ok {
				if ts.TimeUnit() != schema.TimeUnitMillis {
					t.Errorf("column %s is a timestamp in %v: Athena reads milliseconds", n.Name(), ts.TimeUnit())
				}
				return "timestamp"
			}
			if _, none := lt.(schema.NoLogicalType); none || lt.Equals(schema.NewIntLogicalType(64, true)) {
				return "bigint"
			}
		}
		t.Errorf("column %s: Parquet %s %s has no Athena type in this check", n.Name(), n.PhysicalType(), lt)
		return "?"
	case *schema.GroupNode:
		if n.LogicalType().Equals(schema.ListLogicalType{}) {
			elem := n.Field(0).(*schema.GroupNode).Field(0)
			return "array<" + hiveType(t, elem) + ">"
		}
		parts := make([]string, n.NumFields())
		for i := range parts {
			parts[i] = n.Field(i).Name() + ":" + hiveType(t, n.Field(i))
		}
		return "struct<" + strings.Join(parts, ",") + ">"
	}
	return "?"
}

// diffColumns compares columns in order; Athena matches Parquet columns
// and struct fields by name, ignoring case.
func diffColumns(parquetCols, ddlCols []column) string {
	var out []string
	for i := 0; i < len(parquetCols) || i < len(ddlCols); i++ {
		var p, d column
		if i < len(parquetCols) {
			p = parquetCols[i]
		}
		if i < len(ddlCols) {
			d = ddlCols[i]
		}
		if !strings.EqualFold(p.name, d.name) || !strings.EqualFold(p.typ, d.typ) {
			out = append(out, "column "+strconv.Itoa(i)+": Parquet "+p.name+" "+p.typ+", DDL "+d.name+" "+d.typ)
		}
	}
	return strings.Join(out, "\n")
}

// checkPartition checks a raw table's partition key and that its
// projection's location template, filled with the file's value, is the
// file's folder.
func checkPartition(t *testing.T, tb ddlTable, key, projection, value, fileURL string) {
	t.Helper()
	if tb.partition != (column{key, "string"}) {
		t.Errorf("%s is partitioned by %v, want %s string", tb.name, tb.partition, key)
	}
	if got := tb.props["projection."+key+".type"]; got != projection {
		t.Errorf("%s projects %s as %q, want %q", tb.name, key, got, projection)
	}
	folder := strings.ReplaceAll(tb.props["storage.location.template"], "${"+key+"}", value)
	if !strings.HasPrefix(fileURL, folder) || strings.Contains(strings.TrimPrefix(fileURL, folder), "/") || !strings.HasPrefix(folder, tb.location) {
		t.Errorf("%s: template %q and location %q do not place %s", tb.name, tb.props["storage.location.template"], tb.location, fileURL)
	}
}
