package table

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// managerID is an example extractor: the id of the current manager in a
// manager@delta array; an empty array means the manager was removed.
func managerID(obj Object) (json.RawMessage, bool) {
	raw, ok := obj["manager@delta"]
	if !ok {
		return nil, false
	}
	var links []struct {
		ID      string          `json:"id"`
		Removed json.RawMessage `json:"@removed"`
	}
	if err := json.Unmarshal(raw, &links); err != nil {
		return raw, true // let the column report the wrong shape
	}
	id := json.RawMessage("null")
	for _, l := range links {
		if l.Removed == nil && l.ID != "" {
			id, _ = json.Marshal(l.ID)
		}
	}
	return id, true
}

func TestExtract(t *testing.T) {
	tbl := Table{Name: "users", Key: []string{"id"}, Columns: []Column{
		{Name: "id", Type: String()},
		{Name: "managerId", Type: String(), Extract: managerID, From: "manager@delta"},
	}}
	tests := []struct {
		name string
		item string
		want map[string]any
	}{{
		name: "a manager link fills managerId and keeps manager@delta out of extra",
		item: `{"id":"u1","manager@delta":[{"@odata.type":"#microsoft.graph.user","id":"m1"}]}`,
		want: map[string]any{"managerId": "m1", ColFields: []any{"id", "managerId"}, ColExtra: nil},
	}, {
		name: "an empty manager@delta means removed: null but present in _fields",
		item: `{"id":"u1","manager@delta":[]}`,
		want: map[string]any{"managerId": nil, ColFields: []any{"id", "managerId"}, ColExtra: nil},
	}, {
		name: "no manager@delta leaves managerId absent",
		item: `{"id":"u1"}`,
		want: map[string]any{"managerId": nil, ColFields: []any{"id"}, ColExtra: nil},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(build(t, tbl, tt.item), "managerId", ColFields, ColExtra)
			if diff := cmp.Diff([]map[string]any{tt.want}, got); diff != "" {
				t.Errorf("row (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("an Extract column without From leaves the source property in extra", func(t *testing.T) {
		noFrom := Table{Name: "users", Key: []string{"id"}, Columns: []Column{
			{Name: "id", Type: String()}, {Name: "managerId", Type: String(), Extract: managerID}}}
		got := only(build(t, noFrom, `{"id":"u1","manager@delta":[{"id":"m1"}]}`), ColExtra)
		if diff := cmp.Diff([]map[string]any{{ColExtra: `{"manager@delta":[{"id":"m1"}]}`}}, got); diff != "" {
			t.Errorf("row (-want +got):\n%s", diff)
		}
	})
}
