package graph_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// linkAttrs is a slog handler that keeps the "link" attributes as the
// records carry them, unresolved.
type linkAttrs struct {
	mu    sync.Mutex
	links []slog.Value
}

func (h *linkAttrs) Enabled(context.Context, slog.Level) bool { return true }
func (h *linkAttrs) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *linkAttrs) WithGroup(string) slog.Handler            { return h }
func (h *linkAttrs) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "link" {
			h.mu.Lock()
			h.links = append(h.links, a.Value)
			h.mu.Unlock()
		}
		return true
	})
	return nil
}

// TestPageLogRedactsTheLinkOnlyWhenLogged: the debug record of every page
// carries its link unredacted until a handler resolves it, so that a round
// with debug off does not hash and parse every link (a mail round has one
// page per stream); resolved or formatted as it is, it is Redact's form.
func TestPageLogRedactsTheLinkOnlyWhenLogged(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 14, Users: 450})
	h := &linkAttrs{}
	f := newFixture(t, srv, graph.Options{Logger: slog.New(h)})
	start := srv.GraphURL() + "/users/delta"
	if _, err := f.client.Round(t.Context(), graph.Query{URL: start}, (&collector{}).add); err != nil {
		t.Fatalf("Round: %v", err)
	}
	if len(h.links) < 2 {
		t.Fatalf("%d page records; want one per page", len(h.links))
	}
	for i, v := range h.links {
		if v.Kind() != slog.KindLogValuer {
			t.Errorf("page %d: the link is a %v, resolved before any handler asked for it", i+1, v.Kind())
		}
		for _, form := range []string{v.Resolve().String(), v.String(), fmt.Sprint(v.Any())} {
			if !strings.Contains(form, "sha256:") && i > 0 || strings.Contains(form, "$skiptoken=") && !strings.Contains(form, "$skiptoken=sha256:") {
				t.Errorf("page %d: the link is logged as %q; want Redact's form", i+1, form)
			}
		}
	}
	if got, want := h.links[0].Resolve().String(), graph.Redact(start); got != want {
		t.Errorf("first page's link = %q; want %q", got, want)
	}
}
