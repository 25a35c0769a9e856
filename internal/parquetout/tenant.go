package parquetout

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/sdk/table"
)

// tenantField is the _tenant column the host stamps on every row.
var tenantField = arrow.Field{Name: table.ColTenant, Type: arrow.BinaryTypes.String}

// withTenant returns rec with a last column, _tenant, holding tenant on
// every row, unless tenant is empty or rec has the column already (a
// snapshot's rows keep what the change log stored). The caller releases
// the result; rec stays the caller's.
func withTenant(rec arrow.RecordBatch, tenant string) arrow.RecordBatch {
	schema := rec.Schema()
	if tenant == "" || schema.HasField(table.ColTenant) {
		rec.Retain()
		return rec
	}
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	b.Reserve(int(rec.NumRows()))
	b.ReserveData(len(tenant) * int(rec.NumRows()))
	for range rec.NumRows() {
		b.Append(tenant)
	}
	col := b.NewArray()
	defer col.Release()
	md := schema.Metadata()
	fields := append(schema.Fields(), tenantField)
	cols := append(append([]arrow.Array{}, rec.Columns()...), col)
	return array.NewRecordBatch(arrow.NewSchema(fields, &md), cols, rec.NumRows())
}
