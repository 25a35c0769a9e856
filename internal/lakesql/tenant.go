package lakesql

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/sdk/table"
)

// colTenant is the tenant of a row: the host stamps it on every row it
// writes (table.ColTenant), and the views add it where a lake's files
// predate it (Lake.Tenant); union views give it to every view.
const colTenant = table.ColTenant

// tenantField is _tenant as the SQL declares it: nullable, since files
// written before the host stamped it have no such column.
var tenantField = arrow.Field{Name: colTenant, Type: arrow.BinaryTypes.String, Nullable: true}

// tenantValue is a row's _tenant: the stored value, else the pipeline's
// tenant id when the lake knows it.
func (l Lake) tenantValue(stored string) string {
	if l.Tenant == "" {
		return stored
	}
	return fmt.Sprintf("coalesce(%s, %s)", stored, literal(l.Tenant))
}

// withTenantColumn is a DuckDB FROM source over Parquet files (a
// read_parquet call) that has the _tenant column whether or not any of its
// files has it: DuckDB's union_by_name fills a column some files lack with
// nulls, but refuses a column that none of them has.
func withTenantColumn(readParquet string) string {
	return fmt.Sprintf("(\n    SELECT CAST(NULL AS VARCHAR) AS %s WHERE false\n    UNION ALL BY NAME\n    SELECT * FROM %s\n  ) AS %s",
		quote(colTenant), readParquet, quote("parquet"))
}

// storedColumns are the names of t's columns that every file holds or a
// view reads as they are: all but _tenant.
func (t Table) storedColumns() []string {
	names := make([]string, 0, len(t.Fields))
	for _, f := range t.Fields {
		if f.Name != colTenant {
			names = append(names, f.Name)
		}
	}
	return names
}
