package table

import (
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestValidate(t *testing.T) {
	id := Column{Name: "id", Type: String()}
	tests := []struct {
		name  string
		table Table
		want  string // "" means valid
	}{
		{"a table with a string key is valid", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id}}, ""},
		{"a table needs a name", Table{Key: []string{"id"}, Columns: []Column{id}}, "no name"},
		{"a table needs columns", Table{Name: "t", Key: []string{"id"}}, "declares no columns"},
		{"a table needs a key", Table{Name: "t", Columns: []Column{id}}, "no key columns"},
		{"key columns must exist", Table{Name: "t", Key: []string{"oid"}, Columns: []Column{id}}, `key column "oid" is not a declared column`},
		{"key columns must be strings", Table{Name: "t", Key: []string{"n"}, Columns: []Column{{Name: "n", Type: Int64()}}}, `key column "n" is int64`},
		{"key columns are named once", Table{Name: "t", Key: []string{"id", "id"}, Columns: []Column{id}}, "named twice"},
		{"column names are unique", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, id}}, `column "id" is declared twice`},
		{"columns need a name", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, {Type: Bool()}}}, "a column has no name"},
		{"columns need a type", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, {Name: "x"}}}, `column "x": no type`},
		{"meta column names are taken", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, {Name: ColOp, Type: String()}}}, "name of a meta column"},
		{"names starting with _ are reserved", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, {Name: "_x", Type: String()}}}, "starts with _"},
		{"names cannot hold commas", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, {Name: "a,b", Type: String()}}}, "comma"},
		{"list elements need a type", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, {Name: "l", Type: List(Type{})}}}, `column "l": no type`},
		{"structs need fields", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, {Name: "s", Type: Struct()}}}, "struct without fields"},
		{"struct fields are unique", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, {Name: "s", Type: Struct(id, id)}}}, `column "s": column "id" is declared twice`},
		{"struct fields cannot Extract", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id,
			{Name: "s", Type: List(Struct(Column{Name: "f", Type: String(), Extract: managerID}))}}}, "only top-level columns"},
		{"a parent link is valid on a String column", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id}, Parent: &Parent{Table: "p", Columns: []string{"id"}}}, ""},
		{"parent columns must exist", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id}, Parent: &Parent{Table: "p", Columns: []string{"pid"}}}, `parent column "pid" is not a declared column`},
		{"parent columns must be strings", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, {Name: "n", Type: Int64()}}, Parent: &Parent{Table: "p", Columns: []string{"n"}}}, `parent column "n" must be a String column`},
		{"a table is not its own parent", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id}, Parent: &Parent{Table: "t", Columns: []string{"id"}}}, "another table"},
		{"struct fields may start with _", Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, {Name: "s", Type: Struct(Column{Name: "_x", Type: Bool()})}}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.table.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidTable) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want ErrInvalidTable containing %q", err, tt.want)
			}
		})
	}
	t.Run("a builder of an invalid table refuses every row with the reason", func(t *testing.T) {
		b := NewBuilder(memory.NewGoAllocator(), Table{Name: "t", Key: []string{"id"}, Columns: []Column{id, {Name: "x"}}})
		defer b.Release()
		if err := b.AppendRaw([]byte(`{"id":"1"}`), testMeta); !errors.Is(err, ErrInvalidTable) {
			t.Errorf("AppendRaw = %v, want ErrInvalidTable", err)
		}
		if err := b.AppendTombstone(map[string]string{"id": "1"}, "", testMeta); !errors.Is(err, ErrInvalidTable) {
			t.Errorf("AppendTombstone = %v, want ErrInvalidTable", err)
		}
	})
}

func TestParentRoundTrip(t *testing.T) {
	tests := []struct {
		in   string
		want Parent
		bad  bool
	}{
		{in: "groups(groupId)", want: Parent{Table: "groups", Columns: []string{"groupId"}}},
		{in: "mail_folders(userId,folderId)", want: Parent{Table: "mail_folders", Columns: []string{"userId", "folderId"}}},
		{in: "groups", bad: true},
		{in: "(id)", bad: true},
		{in: "groups()", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseParent(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseParent(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got.String() != tt.in || got.Table != tt.want.Table || strings.Join(got.Columns, ",") != strings.Join(tt.want.Columns, ",") {
			t.Errorf("ParseParent(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	schema := Table{Name: "m", Key: []string{"id"}, Columns: []Column{{Name: "id", Type: String()}}, Parent: &Parent{Table: "g", Columns: []string{"id"}}}.Schema()
	if v, ok := schema.Metadata().GetValue(MetadataParent); !ok || v != "g(id)" {
		t.Errorf("schema metadata %s = %q, %v; want g(id)", MetadataParent, v, ok)
	}
}
