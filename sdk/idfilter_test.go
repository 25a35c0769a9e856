package sdk

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func guids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%08x-58f3-4a94-9b37-ffff2e085957", i*2654435761)
	}
	return out
}

func TestChunkIDs(t *testing.T) {
	for _, n := range []int{0, 1, 49, 50, 51, 500} {
		t.Run(fmt.Sprintf("%d ids are each in exactly one chunk of at most 50", n), func(t *testing.T) {
			ids := guids(n)
			ids = append(ids, ids...) // duplicates collapse
			var got []string
			for _, c := range ChunkIDs(ids) {
				if len(c.IDs) == 0 || len(c.IDs) > MaxFilterIDs || len(c.Key) != 12 {
					t.Fatalf("chunk %s holds %d ids", c.Key, len(c.IDs))
				}
				got = append(got, c.IDs...)
			}
			want := slices.Compact(slices.Sorted(slices.Values(ids)))
			if !slices.Equal(want, got) {
				t.Errorf("chunks hold %v, want %v", got, want)
			}
		})
	}
}

func TestChunkIDsStayPutWhenAnIDIsAdded(t *testing.T) {
	ids := guids(400)
	before := map[string]bool{}
	chunks := ChunkIDs(ids)
	for _, c := range chunks {
		before[c.Key] = true
	}
	changed := 0
	for _, c := range ChunkIDs(append(ids, "ffffffff-0000-4000-8000-000000000001")) {
		if !before[c.Key] {
			changed++
		}
	}
	if len(chunks) < 8 || changed == 0 || changed > 3 {
		t.Errorf("%d chunks; adding one id changed %d of them, want 1 to 3", len(chunks), changed)
	}
}

func TestIDChunkFilter(t *testing.T) {
	c := IDChunk{IDs: []string{"a", "b'c"}}
	if got, want := c.Filter(), "id eq 'a' or id eq 'b''c'"; got != want {
		t.Errorf("Filter() = %q, want %q", got, want)
	}
}

func TestCheckIDsAndSelect(t *testing.T) {
	for _, tc := range []struct {
		name  string
		diags []Diagnostic
		want  string
	}{
		{"GUIDs pass", CheckIDs("ids", guids(3)), ""},
		{"an empty id is refused", CheckIDs("ids", []string{""}), `"" is not a directory object id`},
		{"an id with a quote is refused", CheckIDs("ids", []string{"a' or id eq 'b"}), "is not a directory object id"},
		{"property names pass", CheckSelect("select", "group", []string{"displayName", "members"}), ""},
		{"a comma-joined list is refused", CheckSelect("select", "group", []string{"displayName,mail"}), "is not a group property name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "" {
				if len(tc.diags) != 0 {
					t.Fatalf("diagnostics %v, want none", tc.diags)
				}
				return
			}
			if len(tc.diags) != 1 || !strings.Contains(tc.diags[0].Detail, tc.want) || tc.diags[0].Attribute == "" {
				t.Fatalf("diagnostics %+v, want one naming its attribute and saying %q", tc.diags, tc.want)
			}
		})
	}
}

func TestDirectoryQueryStreams(t *testing.T) {
	const endpoint = "https://graph.example/v1.0"
	plain := DirectoryQuery{Resource: "contacts", Table: "org_contacts", Select: []string{"displayName", "mail"}}.Streams(endpoint)
	if len(plain) != 1 || plain[0].ID != "contacts" || plain[0].URL != endpoint+"/contacts/delta?$select=displayName,mail" || plain[0].Prefer != nil {
		t.Errorf("without ids: %+v, want one stream \"contacts\" without Prefer", plain)
	}
	where := DirectoryQuery{Resource: "users", Select: []string{"mail"}, Filter: "id eq 'a'"}.Streams(endpoint)
	if len(where) != 1 || where[0].URL != endpoint+"/users/delta?$select=mail&$filter=id+eq+%27a%27" {
		t.Errorf("with a filter: %+v, want one stream whose URL ends in the escaped $filter", where)
	}
	filtered := DirectoryQuery{Resource: "groups", Select: []string{"members"}, IDs: guids(120), Minimal: true}.Streams(endpoint)
	if len(filtered) < 3 {
		t.Fatalf("120 ids gave %d streams, want at least 3", len(filtered))
	}
	for _, s := range filtered {
		if !strings.HasPrefix(s.ID, "groups/") || !strings.Contains(s.URL, "&$filter=id+eq+%27") || !slices.Equal(s.Prefer, []string{PreferMinimal}) {
			t.Errorf("stream %+v: want a groups/… id, an id $filter and return=minimal", s)
		}
	}
}
