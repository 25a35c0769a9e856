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
