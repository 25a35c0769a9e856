package lakestate

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func row(round, seq int64, op string, fields []any, kv ...any) map[string]any {
	r := map[string]any{colRound: round, colSeq: seq, colOp: op, colFields: fields}
	for i := 0; i < len(kv); i += 2 {
		r[kv[i].(string)] = kv[i+1]
	}
	return r
}

func TestApply(t *testing.T) {
	tests := []struct {
		name string
		rows []map[string]any
		want []map[string]any
	}{
		{"an upsert creates the row",
			[]map[string]any{row(1, 1, "upsert", []any{"id", "name"}, "id", "a", "name", "Ann")},
			[]map[string]any{{"id": "a", "name": "Ann"}}},
		{"a later upsert replaces the fields it carries and keeps the others",
			[]map[string]any{
				row(1, 1, "upsert", []any{"id", "name", "boss"}, "id", "a", "name", "Ann", "boss", "b"),
				row(2, 1, "upsert", []any{"id", "name"}, "id", "a", "name", "Anna"),
			},
			[]map[string]any{{"id": "a", "name": "Anna", "boss": "b"}}},
		{"a field carried as null becomes null",
			[]map[string]any{
				row(1, 1, "upsert", []any{"id", "boss"}, "id", "a", "boss", "b"),
				row(1, 2, "upsert", []any{"id", "boss"}, "id", "a", "boss", nil),
			},
			[]map[string]any{{"id": "a", "boss": nil}}},
		{"a delete drops the row and a later upsert starts afresh",
			[]map[string]any{
				row(1, 1, "upsert", []any{"id", "name", "boss"}, "id", "a", "name", "Ann", "boss", "b"),
				row(2, 1, "delete", []any{"id"}, "id", "a"),
				row(3, 1, "upsert", []any{"id", "name"}, "id", "a", "name", "Ann"),
			},
			[]map[string]any{{"id": "a", "name": "Ann"}}},
		{"a deleted row is gone",
			[]map[string]any{row(1, 1, "upsert", []any{"id"}, "id", "a"), row(1, 2, "delete", []any{"id"}, "id", "a")},
			[]map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New("id")
			for _, r := range tt.rows {
				if err := s.Apply(r); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tt.want, s.Rows()); diff != "" {
				t.Errorf("state (-want +got):\n%s", diff)
			}
		})
	}
}

func TestApplyRefusesOutOfOrderRows(t *testing.T) {
	s := New("id")
	if err := s.Apply(row(2, 1, "upsert", []any{"id"}, "id", "a")); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(row(1, 5, "upsert", []any{"id"}, "id", "a")); err == nil {
		t.Error("an older row was applied")
	}
}
