package table

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Meta column names.
const (
	ColOp            = "_op"
	ColRemovedReason = "_removed_reason"
	ColRound         = "_round"
	ColSeq           = "_seq"
	ColSyncedAt      = "_synced_at"
	ColStream        = "_stream"
	ColFields        = "_fields"
	ColExtra         = "_extra"
)

// Values of _op.
const (
	OpUpsert = "upsert"
	OpDelete = "delete"
)

// Object is one decoded Graph item: its top-level properties, raw.
type Object map[string]json.RawMessage

// Column is one typed column.
type Column struct {
	// Name is the column's name: Graph's property name.
	Name string
	// Type is the column's type.
	Type Type
	// Doc describes the column.
	Doc string
	// From names the JSON property to read when it differs from Name.
	From string
	// Extract, when set, computes the column's raw JSON from the whole
	// object (ok=false: absent), e.g. managerId from manager@delta.
	Extract func(obj Object) (raw json.RawMessage, ok bool)
}

// source is the property the column reads.
func (c Column) source() string {
	if c.From != "" {
		return c.From
	}
	return c.Name
}

// Table declares one table.
type Table struct {
	Name, Doc string
	// Key names the columns that identify a row.
	Key []string
	// Columns are the typed columns, in order.
	Columns []Column
}

// Schema is the table's Arrow schema: the columns (all nullable), then the
// meta columns. Its metadata records the table's name and key.
func (t Table) Schema() *arrow.Schema {
	fields := make([]arrow.Field, 0, len(t.Columns)+8)
	for _, c := range t.Columns {
		fields = append(fields, arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true})
	}
	str := arrow.BinaryTypes.String
	fields = append(fields,
		arrow.Field{Name: ColOp, Type: str},
		arrow.Field{Name: ColRemovedReason, Type: str, Nullable: true},
		arrow.Field{Name: ColRound, Type: arrow.PrimitiveTypes.Int64},
		arrow.Field{Name: ColSeq, Type: arrow.PrimitiveTypes.Int64},
		arrow.Field{Name: ColSyncedAt, Type: timestampType},
		arrow.Field{Name: ColStream, Type: str},
		arrow.Field{Name: ColFields, Type: arrow.ListOf(str), Nullable: true},
		arrow.Field{Name: ColExtra, Type: str, Nullable: true})
	md := arrow.NewMetadata([]string{"graphlake.table", "graphlake.key"}, []string{t.Name, strings.Join(t.Key, ",")})
	return arrow.NewSchema(fields, &md)
}

// Validate checks the declaration: a name, unique column names that are
// not meta names, and key columns that exist and are strings.
func (t Table) Validate() error {
	if t.Name == "" {
		return fmt.Errorf("table has no name")
	}
	seen := map[string]Column{}
	for _, c := range t.Columns {
		if c.Name == "" || strings.HasPrefix(c.Name, "_") {
			return fmt.Errorf("table %s: column name %q is empty or starts with _, which is kept for meta columns", t.Name, c.Name)
		}
		if _, dup := seen[c.Name]; dup {
			return fmt.Errorf("table %s: column %q is declared twice", t.Name, c.Name)
		}
		seen[c.Name] = c
	}
	if len(t.Key) == 0 {
		return fmt.Errorf("table %s: no key columns", t.Name)
	}
	for _, k := range t.Key {
		c, ok := seen[k]
		if !ok || c.Type.kind != kindString {
			return fmt.Errorf("table %s: key column %q must be a declared string column", t.Name, k)
		}
	}
	return nil
}
