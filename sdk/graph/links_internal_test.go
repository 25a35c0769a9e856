package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
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
	if _, _, link, err := g.follow(end, true); err != nil || link != end.Delta {
		t.Fatalf("follow = %q, %v; want the deltaLink", link, err)
	}
	if g.seen != nil {
		t.Errorf("a one-page round made its loop index (%d links)", len(g.seen))
	}
	next := &envelope{Value: []json.RawMessage{}, Next: "https://graph.microsoft.com/v1.0/users/u/mailFolders/f/messages/delta?$skiptoken=c"}
	n, parsed, _, err := g.follow(next, true)
	if err != nil || n != next.Next || parsed == nil || parsed.String() != next.Next {
		t.Fatalf("follow = %q (parsed %v), %v; want the nextLink, parsed", n, parsed, err)
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

// TestNewGetIsTheRequestOfTheLink holds a request made from a link the
// linkGuard parsed to the one http.NewRequestWithContext makes of the
// link itself: same URL, same request line, same Host.
func TestNewGetIsTheRequestOfTheLink(t *testing.T) {
	for _, link := range []string{
		"https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc%2Bdef%3D%3D&$select=id,displayName",
		"https://graph.microsoft.com/v1.0/users/a%40b.com/mailFolders('Inbox')/messages/delta?$skiptoken=x%20y",
		"https://graph.microsoft.com:443/v1.0/groups/delta?$deltaToken=Z_-.~",
		"https://127.0.0.1:8443/v1.0/users/u%2Fv/contacts/delta",
		"https://[::1]:9443/v1.0/users/delta#frag",
		"https://graph.microsoft.com/v1.0/users/caf%C3%A9/calendarView/delta?startDateTime=2026-01-01T00:00:00Z",
	} {
		parsed, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		want, err := http.NewRequestWithContext(context.Background(), http.MethodGet, link, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := newGet(context.Background(), request{link: link, parsed: parsed})
		if err != nil {
			t.Fatal(err)
		}
		if got.URL.String() != want.URL.String() || got.URL.RequestURI() != want.URL.RequestURI() || got.Host != want.Host ||
			got.Method != want.Method || got.Proto != want.Proto {
			t.Errorf("%s: newGet makes %s %s (Host %s), want %s %s (Host %s)", link, got.Method, got.URL.RequestURI(), got.Host,
				want.Method, want.URL.RequestURI(), want.Host)
		}
		got.URL.RawQuery = "changed"
		if parsed.RawQuery == "changed" {
			t.Errorf("%s: the request shares the guard's URL", link)
		}
	}
}
