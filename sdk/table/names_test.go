package table

import (
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

func TestCheckTableName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"users", true},
		{"group_members", true},
		{"a", true},
		{strings.Repeat("a", 63), true},
		{strings.Repeat("a", 64), false},
		{"", false},
		{"Users", false},
		{"1users", false},
		{"_users", false},
		{"users\nDROP TABLE x; --", false},
		{"users;", false},
		{`us"ers`, false},
		{"current", false},
		{"graphlake_files", false},
		{"users_current", false},
		{"users_raw", false},
		{"users_snapshot_raw", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTableName(tt.name)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckTableName(%q) = %v, want ok=%v", tt.name, err, tt.ok)
			}
			if err != nil && (!errors.Is(err, ErrBadName) || strings.ContainsAny(err.Error(), "\n\r\x1b")) {
				t.Errorf("error %q: want ErrBadName and no control character", err)
			}
		})
	}
}

func TestCheckColumnName(t *testing.T) {
	tests := []struct {
		name string
		top  bool
		ok   bool
	}{
		{"displayName", true, true},
		{"on_premises2", true, true},
		{"_round", true, false},
		{"_x", false, true},
		{"date", true, false},
		{"Snapshot", true, false},
		{"date", false, true},
		{"a b", true, false},
		{"a\nb", false, false},
		{`a"b`, true, false},
		{"@odata.type", false, false},
		{strings.Repeat("a", 129), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckColumnName(tt.name, tt.top); (err == nil) != tt.ok {
				t.Fatalf("CheckColumnName(%q, %v) = %v, want ok=%v", tt.name, tt.top, err, tt.ok)
			}
		})
	}
}

func TestCheckSchema(t *testing.T) {
	good := Table{Name: "things", Key: []string{"id"}, ShardKey: "owner",
		Columns: []Column{{Name: "id", Type: String()}, {Name: "owner", Type: String()},
			{Name: "tags", Type: List(Struct(Column{Name: "name", Type: String()}))}}}
	child := Table{Name: "parts", Key: []string{"thingId", "id"}, Parent: &Parent{Table: "things", Columns: []string{"thingId"}},
		Columns: []Column{{Name: "thingId", Type: String()}, {Name: "id", Type: String()}}}
	// raw builds a schema as a hostile plugin could, bypassing Validate.
	raw := func(name, key string, fields ...arrow.Field) *arrow.Schema {
		md := arrow.NewMetadata([]string{MetadataTable, MetadataKey}, []string{name, key})
		return arrow.NewSchema(append(fields, metaFields()...), &md)
	}
	str := arrow.BinaryTypes.String
	tests := []struct {
		desc    string
		name    string
		schema  *arrow.Schema
		wantErr string
	}{
		{"a declared table", "things", good.Schema(), ""},
		{"a child table", "parts", child.Schema(), ""},
		{"a newline in the name", "x\ny", raw("x\ny", "id", arrow.Field{Name: "id", Type: str}), `"x\ny"`},
		{"the schema names another table", "things", raw("other", "id", arrow.Field{Name: "id", Type: str}), "names table"},
		{"a quote in a column", "t", raw("t", "id", arrow.Field{Name: "id", Type: str}, arrow.Field{Name: `a"b`, Type: str}), "column name"},
		{"a meta column declared", "t", raw("t", "id", arrow.Field{Name: "id", Type: str}, arrow.Field{Name: "_round", Type: str}), "column name"},
		{"columns that differ in case", "t", raw("t", "id", arrow.Field{Name: "id", Type: str}, arrow.Field{Name: "ID", Type: str}), "differ only in case"},
		{"a bad struct field", "t", raw("t", "id", arrow.Field{Name: "id", Type: str},
			arrow.Field{Name: "s", Type: arrow.StructOf(arrow.Field{Name: "x;y", Type: str})}), "struct field name"},
		{"an undeclared key", "t", raw("t", "id\n", arrow.Field{Name: "id", Type: str}), "not a declared column"},
		{"no key", "t", raw("t", "", arrow.Field{Name: "id", Type: str}), "no key"},
		{"no meta columns", "t", arrow.NewSchema([]arrow.Field{{Name: "id", Type: str}},
			func() *arrow.Metadata {
				m := arrow.NewMetadata([]string{MetadataTable, MetadataKey}, []string{"t", "id"})
				return &m
			}()), "no columns"},
		{"a bad parent", "t", func() *arrow.Schema {
			md := arrow.NewMetadata([]string{MetadataTable, MetadataKey, MetadataParent}, []string{"t", "id", "Bad(id)"})
			return arrow.NewSchema(append([]arrow.Field{{Name: "id", Type: str}}, metaFields()...), &md)
		}(), "parent"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			err := CheckSchema(tt.name, tt.schema)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckSchema = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrBadName) {
				t.Fatalf("CheckSchema = %v, want an ErrBadName containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestCheckSchemaBoundsItsMetadata: the host writes a declared schema,
// metadata and all, into every Parquet file of the table, so a plugin's
// schema may carry at most MaxSchemaMetadataBytes of it, its fields'
// (nested in lists and structs) counted with its own.
func TestCheckSchemaBoundsItsMetadata(t *testing.T) {
	str := arrow.BinaryTypes.String
	big := strings.Repeat("m", MaxSchemaMetadataBytes)
	withMeta := func(schemaMeta string, fields ...arrow.Field) *arrow.Schema {
		md := arrow.NewMetadata([]string{MetadataTable, MetadataKey, "x"}, []string{"t", "id", schemaMeta})
		return arrow.NewSchema(append(append([]arrow.Field{{Name: "id", Type: str}}, fields...), metaFields()...), &md)
	}
	fieldMeta := func(v string) arrow.Metadata { return arrow.NewMetadata([]string{"k"}, []string{v}) }
	tests := []struct {
		desc    string
		schema  *arrow.Schema
		refused bool
	}{
		{"a little metadata", withMeta("small", arrow.Field{Name: "a", Type: str, Metadata: fieldMeta("v")}), false},
		{"the schema's own", withMeta(big), true},
		{"a column's", withMeta("", arrow.Field{Name: "a", Type: str, Metadata: fieldMeta(big)}), true},
		{"a struct field's in a list", withMeta("", arrow.Field{Name: "a", Type: arrow.ListOfField(arrow.Field{Name: "item", Nullable: true,
			Type: arrow.StructOf(arrow.Field{Name: "b", Type: str, Metadata: fieldMeta(big)})})}), true},
		{"halves that add up", withMeta(big[:len(big)/2], arrow.Field{Name: "a", Type: str, Metadata: fieldMeta(big[:len(big)/2])}), true},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			err := CheckSchema("t", tt.schema)
			if refused := err != nil && strings.Contains(err.Error(), "bytes of metadata"); refused != tt.refused {
				t.Fatalf("CheckSchema = %v, want refused for its metadata: %v", err, tt.refused)
			}
		})
	}
}

// A plugin's own declarations follow the name rules too.
func TestValidateAppliesTheNameRules(t *testing.T) {
	col := func(name string) []Column {
		return []Column{{Name: "id", Type: String()}, {Name: name, Type: String()}}
	}
	for _, tbl := range []Table{
		{Name: "x\n;DROP TABLE users; --", Key: []string{"id"}, Columns: col("a")},
		{Name: "users_current", Key: []string{"id"}, Columns: col("a")},
		{Name: "things", Key: []string{"id"}, Columns: col(`a"b`)},
		{Name: "things", Key: []string{"id"}, Columns: col("Date")},
		{Name: "things", Key: []string{"id"}, Columns: col("a"), Parent: &Parent{Table: "Bad Parent", Columns: []string{"id"}}},
	} {
		if err := tbl.Validate(); !errors.Is(err, ErrInvalidTable) || !errors.Is(err, ErrBadName) {
			t.Errorf("Validate(%q) = %v, want an ErrBadName", tbl.Name, err)
		}
	}
}
