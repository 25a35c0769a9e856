package table

import (
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"
)

var membersTable = Table{Name: "group_members", Key: []string{"groupId", "memberId"}, Columns: []Column{
	{Name: "groupId", Type: String()},
	{Name: "memberId", Type: String(), From: "id"},
	{Name: "type", Type: String()},
}}

func TestRemovedItems(t *testing.T) {
	tests := []struct {
		name string
		item string
		want map[string]any
	}{{
		name: "an item with @removed becomes a delete with Graph's reason and only its key",
		item: `{"groupId":"g1","id":"u1","type":"user","extra":1,"@removed":{"reason":"deleted"}}`,
		want: map[string]any{"groupId": "g1", "memberId": "u1", "type": nil, ColOp: OpDelete,
			ColRemovedReason: "deleted", ColFields: []any{"groupId", "memberId"}, ColExtra: nil},
	}, {
		name: "a @removed without reason leaves the reason null",
		item: `{"groupId":"g1","id":"u1","@removed":{}}`,
		want: map[string]any{"groupId": "g1", "memberId": "u1", "type": nil, ColOp: OpDelete,
			ColRemovedReason: nil, ColFields: []any{"groupId", "memberId"}, ColExtra: nil},
	}}
	cols := []string{"groupId", "memberId", "type", ColOp, ColRemovedReason, ColFields, ColExtra}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(build(t, membersTable, tt.item), cols...)
			if diff := cmp.Diff([]map[string]any{tt.want}, got); diff != "" {
				t.Errorf("row (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAppendTombstone(t *testing.T) {
	b := NewBuilder(memory.NewGoAllocator(), membersTable)
	defer b.Release()
	t.Run("writes the key values and the reason", func(t *testing.T) {
		if err := b.AppendTombstone(map[string]string{"groupId": "g1", "memberId": "u9"}, "resync", testMeta); err != nil {
			t.Fatal(err)
		}
		got := only(records(t, b), "groupId", "memberId", "type", ColOp, ColRemovedReason, ColFields)
		want := []map[string]any{{"groupId": "g1", "memberId": "u9", "type": nil, ColOp: OpDelete,
			ColRemovedReason: "resync", ColFields: []any{"groupId", "memberId"}}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("row (-want +got):\n%s", diff)
		}
	})
	errs := []struct {
		name string
		key  map[string]string
		item string
		want error
	}{
		{name: "a tombstone missing a key column is refused", key: map[string]string{"groupId": "g1"}, want: ErrMissingKey},
		{name: "a tombstone naming a column outside the key is refused", key: map[string]string{"groupId": "g1", "memberId": "u", "type": "x"}},
		{name: "a removed item without its key is refused", item: `{"groupId":"g1","@removed":{"reason":"deleted"}}`, want: ErrMissingKey},
		{name: "a removed item with a null key is refused", item: `{"groupId":"g1","id":null,"@removed":{}}`, want: ErrMissingKey},
		{name: "a removed item with a number for a key is refused", item: `{"groupId":"g1","id":5,"@removed":{}}`, want: ErrWrongShape},
		{name: "a removed item whose @removed is not an object is refused", item: `{"groupId":"g1","id":"u","@removed":"gone"}`},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.item != "" {
				err = b.AppendRaw([]byte(tt.item), testMeta)
			} else {
				err = b.AppendTombstone(tt.key, "", testMeta)
			}
			if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
			if b.Len() != 0 {
				t.Errorf("Len = %d after a refused tombstone, want 0", b.Len())
			}
		})
	}
}
