package table

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFieldsAndExtra(t *testing.T) {
	tbl := Table{Name: "users", Key: []string{"id"}, Columns: []Column{
		{Name: "id", Type: String()},
		{Name: "surname", Type: String()},
		{Name: "mail", From: "mailAddress", Type: String()},
		{Name: "accountEnabled", Type: Bool()},
	}}
	tests := []struct {
		name       string
		item       string
		wantFields []any
		wantExtra  any
	}{{
		name:       "fields are the present columns sorted by name, extra is null without unknown properties",
		item:       `{"surname":"S","id":"1","accountEnabled":false}`,
		wantFields: []any{"accountEnabled", "id", "surname"},
		wantExtra:  nil,
	}, {
		name:       "a property present with null counts as present",
		item:       `{"id":"1","surname":null}`,
		wantFields: []any{"id", "surname"},
	}, {
		name:       "a column with From is present when its source property is",
		item:       `{"id":"1","mailAddress":"a@b"}`,
		wantFields: []any{"id", "mail"},
	}, {
		name:       "unknown properties land in extra, sorted, values verbatim",
		item:       `{"id":"1","zeta":{"a":[1,null]},"alpha":"x y","mail":"not read: mail comes from mailAddress"}`,
		wantFields: []any{"id"},
		wantExtra:  `{"alpha":"x y","mail":"not read: mail comes from mailAddress","zeta":{"a":[1,null]}}`,
	}, {
		name:       "annotations and OData control keys stay out of extra, other annotated properties do not",
		item:       `{"@odata.type":"#microsoft.graph.user","@odata.etag":"W/1","id":"1","manager@odata.navigationLink":"x","members@delta":[],"we\"ird":1}`,
		wantFields: []any{"id"},
		wantExtra:  `{"members@delta":[],"we\"ird":1}`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(build(t, tbl, tt.item), ColFields, ColExtra, ColOp)
			want := []map[string]any{{ColFields: tt.wantFields, ColExtra: tt.wantExtra, ColOp: OpUpsert}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("meta (-want +got):\n%s", diff)
			}
		})
	}
}
