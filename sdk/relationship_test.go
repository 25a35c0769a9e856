package sdk

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/lake"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

func TestTakeLinks(t *testing.T) {
	for _, tc := range []struct {
		name, item string
		want       []Link
		wantErr    bool
	}{
		{"an absent relationship has no links", `{"id":"g"}`, nil, false},
		{"a plain entry is an addition and @removed a removal",
			`{"id":"g","members@delta":[{"@odata.type":"#microsoft.graph.orgContact","id":"c"},{"@odata.type":"#microsoft.graph.user","id":"u","@removed":{"reason":"deleted"}}]}`,
			[]Link{{ID: "c", Type: "orgContact"}, {ID: "u", Type: "user", Removed: true, Reason: "deleted"}}, false},
		{"an entry without @odata.type has no type", `{"id":"g","members@delta":[{"id":"x"}]}`, []Link{{ID: "x"}}, false},
		{"an entry without id is an error", `{"id":"g","members@delta":[{"@odata.type":"#microsoft.graph.user"}]}`, nil, true},
		{"a value that is not an array is an error", `{"id":"g","members@delta":{"id":"x"}}`, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var obj table.Object
			if err := json.Unmarshal([]byte(tc.item), &obj); err != nil {
				t.Fatal(err)
			}
			got, err := TakeLinks(obj, "members")
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("links (-want +got):\n%s", diff)
			}
			if _, still := obj["members@delta"]; still && !tc.wantErr {
				t.Error("members@delta is still in the item")
			}
		})
	}
}

// TestLinkTableItem feeds a page of the groups seed, a group arriving in
// two slices, through the hook and checks every row it emits.
func TestLinkTableItem(t *testing.T) {
	groups := table.Table{Name: "groups", Key: []string{"id"}, Columns: []table.Column{
		{Name: "id", Type: table.String()}, {Name: "displayName", Type: table.String()}, {Name: "description", Type: table.String()}}}
	members := table.Table{Name: "group_members", Key: []string{"groupId", "relationship", "memberId"},
		Parent: &table.Parent{Table: "groups", Columns: []string{"groupId"}}, Columns: []table.Column{
			{Name: "groupId", Type: table.String()}, {Name: "relationship", Type: table.String()},
			{Name: "memberId", Type: table.String()}, {Name: "memberType", Type: table.String()}}}
	rows := map[string][]map[string]any{}
	emit := newEmitter([]table.Table{groups, members}, 1, time.Unix(0, 0), 1<<20, func(ev wire.Event) error {
		if b, ok := ev.(*wire.Batch); ok {
			defer b.Record.Release()
			return lake.RecordRows(b.Record, func(row map[string]any) error {
				rows[b.Table] = append(rows[b.Table], map[string]any{"op": row["_op"], "key": row["memberId"],
					"group": row["groupId"], "id": row["id"], "type": row["memberType"], "rel": row["relationship"],
					"extra": row["_extra"], "reason": row["_removed_reason"]})
				return nil
			})
		}
		return nil
	})
	raw, err := os.ReadFile("testdata/groups_page.json")
	if err != nil {
		t.Fatal(err)
	}
	var items []table.Object
	if err := json.Unmarshal(raw, &items); err != nil {
		t.Fatal(err)
	}
	hook := LinkTable{Table: "group_members", Parent: "groupId", Relationship: "relationship", Target: "memberId",
		TargetType: "memberType"}.Item("groups", map[string]string{"members": "member", "owners": "owner"})
	for _, it := range items {
		if err := hook(context.Background(), emit, "groups", it); err != nil {
			t.Fatal(err)
		}
	}
	if err := emit.close(); err != nil {
		t.Fatal(err)
	}
	const g = "2e5807ce-58f3-4a94-9b37-ffff2e085957"
	want := map[string][]map[string]any{
		"groups": {
			{"op": "upsert", "id": g},
			{"op": "upsert", "id": g},
			{"op": "upsert", "id": "421e797f-9406-4934-b778-4908421e3505"},
			{"op": "delete", "id": "ec22655c-8eb2-432a-b4ea-8b8a254bffff", "reason": "deleted"},
		},
		"group_members": {
			{"op": "delete", "group": g, "rel": "member", "key": "632f6bb2-3ec8-4c1f-9073-0027a8c68593", "reason": "deleted"},
			{"op": "upsert", "group": g, "rel": "member", "key": "37de1ae3-408f-4702-8636-20824abda004", "type": "user"},
			{"op": "upsert", "group": g, "rel": "member", "key": "c2f798fd-f95d-4623-8824-63aec21fffff", "type": "group"},
			{"op": "upsert", "group": g, "rel": "owner", "key": "37de1ae3-408f-4702-8636-20824abda004", "type": "user"},
		},
	}
	for name, rs := range rows {
		for _, r := range rs {
			for k, v := range r {
				if v == nil {
					delete(r, k)
				}
			}
		}
		if name == "groups" {
			for _, r := range rs {
				if r["extra"] != nil {
					t.Errorf("group row %v has _extra %v: relationships must not reach it", r["id"], r["extra"])
				}
			}
		}
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}
