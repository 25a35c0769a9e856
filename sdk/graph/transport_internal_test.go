package graph

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRequestHeadersDoNotIndexLinks: the client's HPACK table is too
// small for a mailbox request's path (an entry is its name, its value and
// 32 bytes), so those links are sent as literals and do not evict the
// short headers, which stay indexed: they fit in it.
func TestRequestHeadersDoNotIndexLinks(t *testing.T) {
	hc, err := NewHTTPClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := hc.Transport.(*http.Transport)
	if !ok || tr.HTTP2 == nil {
		t.Fatalf("transport %T has no HTTP/2 settings", hc.Transport)
	}
	size := int(tr.HTTP2.MaxEncoderHeaderTableSize)
	if size != headerTableSize {
		t.Fatalf("HPACK encoder table %d bytes; want %d", size, headerTableSize)
	}
	entry := func(name, value string) int { return len(name) + len(value) + 32 }
	// A mail folder's messages deltaLink, the link of most requests in a
	// mail round, with short parts: a user id (a GUID), a 30-character
	// folder id and a 150-character token (Graph's folder ids are about
	// 120 characters, the emulator's delta tokens about 170).
	link, err := url.Parse("https://graph.microsoft.com/v1.0/users/" + strings.Repeat("u", 36) +
		"/mailFolders/" + strings.Repeat("f", 30) + "/messages/delta?$deltatoken=" + strings.Repeat("t", 150))
	if err != nil {
		t.Fatal(err)
	}
	if n := entry(":path", link.RequestURI()); n <= size {
		t.Errorf("a sync link's header entry is %d bytes, within the %d-byte table: it would be indexed", n, size)
	}
	short := entry(":authority", "graph.microsoft.com") + entry("accept", "application/json") +
		entry("user-agent", "graphlake/1.0") + entry("prefer", "odata.maxpagesize=200")
	if short > size {
		t.Errorf("the short headers take %d bytes, more than the %d-byte table", short, size)
	}
}
