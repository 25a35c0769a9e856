package graph_test

import (
	"bytes"
	"context"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// goroutineID is the running goroutine's number, from its stack header.
func goroutineID(t *testing.T) int {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	f := bytes.Fields(buf)
	if len(f) < 2 {
		t.Fatalf("stack header %q", buf)
	}
	id, err := strconv.Atoi(string(f[1]))
	if err != nil {
		t.Fatalf("stack header %q: %v", buf, err)
	}
	return id
}

// callers records the goroutine each request was sent from.
type callers struct {
	t    *testing.T
	next http.RoundTripper
	mu   sync.Mutex
	ids  []int
}

func (c *callers) RoundTrip(r *http.Request) (*http.Response, error) {
	id := goroutineID(c.t)
	c.mu.Lock()
	c.ids = append(c.ids, id)
	c.mu.Unlock()
	return c.next.RoundTrip(r)
}

// TestFirstPageIsFetchedOnTheCallersGoroutine: a round's first page has
// nothing to overlap with, so it is fetched on the goroutine that runs
// the round, not on one started for it (an incremental mail round is one
// page per stream); later pages are fetched ahead while the caller
// handles the one before.
func TestFirstPageIsFetchedOnTheCallersGoroutine(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 14, Users: 450})
	hc := srv.Client()
	rec := &callers{t: t, next: hc.Transport}
	hc.Transport = rec
	f := newFixture(t, srv, graph.Options{HTTPClient: hc})
	var handler []int
	if _, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta"}, func(_ context.Context, p graph.Page) error {
		handler = append(handler, goroutineID(t))
		return nil
	}); err != nil {
		t.Fatalf("Round: %v", err)
	}
	if len(rec.ids) < 3 || len(handler) != len(rec.ids) {
		t.Fatalf("%d requests for %d pages; want one per page, at least 3", len(rec.ids), len(handler))
	}
	if rec.ids[0] != handler[0] {
		t.Errorf("the first page was fetched on goroutine %d, the round runs on %d", rec.ids[0], handler[0])
	}
	for i := 1; i < len(rec.ids); i++ {
		if rec.ids[i] == handler[0] {
			t.Errorf("page %d was fetched on the round's goroutine: not ahead of the caller", i+1)
		}
	}
}
