package graph_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graph"
)

// TestRequestHeaders: the headers a page's request carries, as a real
// HTTPS server receives them. The client's own Accept, User-Agent and
// Authorization win over extra headers of the same names; Prefer values
// join in one header; other extra headers go as given.
func TestRequestHeaders(t *testing.T) {
	tests := []struct {
		name   string
		ua     string
		q      graph.Query
		header http.Header // the headers compared, as received
	}{
		{"defaults", "", graph.Query{},
			http.Header{"Accept": {"application/json"}, "Authorization": {"Bearer t0k3n"}, "Prefer": nil, "X-Extra": nil}},
		{"Prefer values and an extra header", "graphlake-test/1", graph.Query{Prefer: []string{"odata.maxpagesize=100", `IdType="ImmutableId"`},
			Header: http.Header{"Prefer": {"return=minimal"}, "X-Extra": {"a", "b"}}},
			http.Header{"Accept": {"application/json"}, "Authorization": {"Bearer t0k3n"}, "User-Agent": {"graphlake-test/1"},
				"Prefer": {`return=minimal, odata.maxpagesize=100, IdType="ImmutableId"`}, "X-Extra": {"a", "b"}}},
		{"the client's own headers win", "graphlake-test/1", graph.Query{
			Header: http.Header{"Accept": {"text/html"}, "User-Agent": {"other"}, "Authorization": {"Bearer stolen"}}},
			http.Header{"Accept": {"application/json"}, "Authorization": {"Bearer t0k3n"}, "User-Agent": {"graphlake-test/1"}, "Prefer": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var got []http.Header
			c, base, _, _ := scripted(t, graph.Options{UserAgent: tt.ua}, func(w http.ResponseWriter, r *http.Request, n int, base string) {
				mu.Lock()
				got = append(got, r.Header.Clone())
				mu.Unlock()
				if n == 1 {
					_, _ = w.Write([]byte(`{"value":[],"@odata.nextLink":"` + base + `/d?$skiptoken=2"}`))
					return
				}
				_, _ = w.Write([]byte(`{"value":[],"@odata.deltaLink":"` + base + `/d?$deltatoken=3"}`))
			})
			q := tt.q
			q.URL = base + "/d"
			if _, err := c.Round(context.Background(), q, func(context.Context, graph.Page) error { return nil }); err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 {
				t.Fatalf("%d requests; want 2", len(got))
			}
			for i, h := range got {
				sent := http.Header{}
				for k := range tt.header {
					if v := h.Values(k); v != nil {
						sent[k] = v
					}
				}
				want := http.Header{}
				for k, v := range tt.header {
					if v != nil {
						want[k] = v
					}
				}
				if tt.ua == "" {
					if ua := h.Get("User-Agent"); ua == "" {
						t.Errorf("request %d has no User-Agent", i+1)
					}
				}
				if d := cmp.Diff(want, sent); d != "" {
					t.Errorf("request %d's headers (-want +got):\n%s", i+1, d)
				}
			}
		})
	}
}
