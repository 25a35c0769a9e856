package graph

import (
	"encoding/json"
	"testing"
)

// TestOnePageRoundKeepsNoLoopIndex: a round whose first page ends it (an
// incremental stream with no change) hashes no link and makes no map for
// the nextLink loop check; the index is made at the first nextLink.
func TestOnePageRoundKeepsNoLoopIndex(t *testing.T) {
	const start = "https://graph.microsoft.com/v1.0/users/u/mailFolders/f/messages/delta?$deltatoken=a"
	end := &envelope{Value: []json.RawMessage{}, Delta: "https://graph.microsoft.com/v1.0/users/u/mailFolders/f/messages/delta?$deltatoken=b"}
	g, err := newLinkGuard(start)
	if err != nil {
		t.Fatal(err)
	}
	if _, link, err := g.follow(end, true); err != nil || link != end.Delta {
		t.Fatalf("follow = %q, %v; want the deltaLink", link, err)
	}
	if g.seen != nil {
		t.Errorf("a one-page round made its loop index (%d links)", len(g.seen))
	}
	next := &envelope{Value: []json.RawMessage{}, Next: "https://graph.microsoft.com/v1.0/users/u/mailFolders/f/messages/delta?$skiptoken=c"}
	if n, _, err := g.follow(next, true); err != nil || n != next.Next {
		t.Fatalf("follow = %q, %v; want the nextLink", n, err)
	}
	if len(g.seen) != 2 {
		t.Errorf("after a nextLink the loop index holds %d links; want the start and the nextLink", len(g.seen))
	}
}

func TestIsDeltaLink(t *testing.T) {
	for _, tt := range []struct {
		link string
		want bool
	}{
		{"https://g/v1.0/users/delta?$deltatoken=abc", true},
		{"https://g/v1.0/users/delta?$select=id&$DeltaToken=abc", true},
		{"https://g/v1.0/users/delta?deltatoken=abc", true},
		{"https://g/v1.0/users/delta?$deltatoken=abc&$skiptoken=x", false},
		{"https://g/v1.0/users/delta?$skiptoken=x", false},
		{"https://g/v1.0/users/delta", false},
		{"https://g/v1.0/users/delta#$deltatoken=abc", false},
		{"https://g/v1.0/users/delta?$select=id#$deltatoken=abc", false},
		{"https://g/v1.0/drives/x/root/delta?token=abc", false},
	} {
		if got := isDeltaLink(tt.link); got != tt.want {
			t.Errorf("isDeltaLink(%q) = %v, want %v", tt.link, got, tt.want)
		}
	}
}
