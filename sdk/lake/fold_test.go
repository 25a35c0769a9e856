package lake

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
			s := NewState("id")
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
	s := NewState("id")
	if err := s.Apply(row(2, 1, "upsert", []any{"id"}, "id", "a")); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(row(1, 5, "upsert", []any{"id"}, "id", "a")); err == nil {
		t.Error("an older row was applied")
	}
}

func TestDropOrphans(t *testing.T) {
	groups := NewState("id")
	members := NewState("groupId", "memberId")
	for _, r := range []map[string]any{
		row(1, 1, "upsert", []any{"id"}, "id", "g1"),
		row(1, 2, "upsert", []any{"id"}, "id", "g2"),
		row(2, 1, "delete", nil, "id", "g2"),
	} {
		if err := groups.Apply(r); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []map[string]any{
		row(1, 1, "upsert", []any{"groupId", "memberId"}, "groupId", "g1", "memberId", "u1"),
		row(1, 2, "upsert", []any{"groupId", "memberId"}, "groupId", "g2", "memberId", "u1"),
		row(1, 3, "upsert", []any{"groupId", "memberId"}, "groupId", "g3", "memberId", "u2"),
	} {
		if err := members.Apply(r); err != nil {
			t.Fatal(err)
		}
	}
	dropped, err := members.DropOrphans(groups, "groupId")
	if err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{"groupId": "g1", "memberId": "u1"}}
	if diff := cmp.Diff(want, members.Rows()); diff != "" || dropped != 2 {
		t.Errorf("dropped %d (want 2); rows (-want +got):\n%s", dropped, diff)
	}
	if _, err := members.DropOrphans(groups, "groupId", "memberId"); err == nil {
		t.Error("a link with more columns than the parent's key was accepted")
	}
}

func TestDropOrphansOfARestoredParent(t *testing.T) {
	// g1 is deleted in round 2 and restored in round 3 with u2 only: u1's
	// row, written before the deletion, ended with it.
	groups, members := NewState("id"), NewState("groupId", "memberId")
	for _, r := range []map[string]any{
		row(1, 1, "upsert", []any{"id"}, "id", "g1"),
		row(2, 1, "delete", nil, "id", "g1"),
		row(3, 1, "upsert", []any{"id"}, "id", "g1"),
	} {
		if err := groups.Apply(r); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []map[string]any{
		row(1, 2, "upsert", []any{"groupId", "memberId"}, "groupId", "g1", "memberId", "u1"),
		row(1, 3, "upsert", []any{"groupId", "memberId"}, "groupId", "g1", "memberId", "u2"),
		row(3, 2, "upsert", []any{"groupId", "memberId"}, "groupId", "g1", "memberId", "u2"),
	} {
		if err := members.Apply(r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := members.DropOrphans(groups, "groupId"); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{"groupId": "g1", "memberId": "u2"}}
	if diff := cmp.Diff(want, members.Rows()); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}
