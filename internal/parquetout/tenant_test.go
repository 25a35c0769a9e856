package parquetout_test

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/sdk/table"
)

// TestTenantIsStampedOnEveryRow writes batches with and without
// Options.Tenant and reads the Parquet files back: with it every row ends
// with _tenant holding the tenant id; without it the file
// has no such column; a batch that carries _tenant already (a snapshot's
// rows) keeps its values.
func TestTenantIsStampedOnEveryRow(t *testing.T) {
	carried := withTenantColumn(t, batch(t, 0, 3, 0), "stored", "", "stored")
	tests := []struct {
		name, tenant string
		batch        arrow.RecordBatch
		want         []any // _tenant of each row; nil: no such column
	}{
		{"the tenant is the last column of every row", "contoso.onmicrosoft.com", batch(t, 0, 3, 0),
			[]any{"contoso.onmicrosoft.com", "contoso.onmicrosoft.com", "contoso.onmicrosoft.com"}},
		{"without a tenant the file has no _tenant", "", batch(t, 0, 3, 0), nil},
		{"a batch with _tenant keeps its values", "contoso.onmicrosoft.com", carried, []any{"stored", nil, "stored"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newLake(t)
			opts := testOptions(s)
			opts.Tenant = tt.tenant
			w := parquetout.New(opts)
			ctx := context.Background()
			if err := w.Write(ctx, "users", tt.batch); err != nil {
				t.Fatal(err)
			}
			files, err := w.Close(ctx)
			if err != nil || len(files) != 1 {
				t.Fatalf("%d files, %v", len(files), err)
			}
			var got []any
			err = parquetin.ReadRecords(ctx, s, []parquetin.File{written(files[0])}, func(rec arrow.RecordBatch) error {
				fields := rec.Schema().Fields()
				if last := fields[len(fields)-1]; last.Name == table.ColTenant {
					col := rec.Column(len(fields) - 1).(*array.String)
					for i := range col.Len() {
						if col.IsNull(i) {
							got = append(got, nil)
						} else {
							got = append(got, col.Value(i))
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("_tenant = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("_tenant = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// withTenantColumn returns rec with a _tenant column of the given values
// ("" for null) and schema metadata, as a snapshot's batch has.
func withTenantColumn(t *testing.T, rec arrow.RecordBatch, values ...string) arrow.RecordBatch {
	t.Helper()
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	for _, v := range values {
		if v == "" {
			b.AppendNull()
		} else {
			b.Append(v)
		}
	}
	col := b.NewArray()
	defer col.Release()
	md := arrow.NewMetadata([]string{table.MetadataTable}, []string{"users"})
	fields := append(rec.Schema().Fields(), arrow.Field{Name: table.ColTenant, Type: arrow.BinaryTypes.String, Nullable: true})
	out := array.NewRecordBatch(arrow.NewSchema(fields, &md), append(rec.Columns(), col), rec.NumRows())
	t.Cleanup(out.Release)
	return out
}
