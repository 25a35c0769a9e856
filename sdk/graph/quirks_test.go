package graph_test

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// recorder is a RoundTripper that keeps every request it sends.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs []*http.Request
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req.Clone(req.Context()))
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

func (r *recorder) requests() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*http.Request(nil), r.reqs...)
}

func recording(srv *graphtest.Server) (*http.Client, *recorder) {
	c := srv.Client()
	rec := &recorder{next: c.Transport}
	c.Transport = rec
	return c, rec
}

func TestRoundSurvivesPagingQuirks(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 10, Users: 450})
	tests := []struct {
		name string
		rule graphtest.FaultRule
	}{
		{"a page carrying both links is followed to its nextLink", graphtest.FaultRule{Kind: "both_links"}},
		{"a final deltaLink sent as a nextLink ends the round", graphtest.FaultRule{Kind: "beta_next_link"}},
		{"empty pages with a nextLink are followed", graphtest.FaultRule{Kind: "empty_page", Every: 2}},
		{"items repeated within a round are passed on", graphtest.FaultRule{Kind: "duplicate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, srv, graph.Options{})
			f.faults(t, tt.rule)
			var got collector
			link, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta?$select=displayName"}, got.add)
			if err != nil {
				t.Fatalf("Round: %v", err)
			}
			if diff := cmp.Diff(truth(t, srv, "users"), got.set()); diff != "" {
				t.Errorf("round ids (-want +got):\n%s", diff)
			}
			if !strings.Contains(link, "$deltatoken=") {
				t.Errorf("the round ended on %s, want a deltaLink", graph.Redact(link))
			}
			var next collector
			if _, err := f.client.Round(t.Context(), graph.Query{URL: link}, next.add); err != nil || len(next.set()) != 0 {
				t.Errorf("the deltaLink resumes with %d items, %v; want none", len(next.set()), err)
			}
		})
	}
}

func TestPreferAndExtraHeadersGoWithEveryPage(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 11, Users: 3, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 7})
	hc, rec := recording(srv)
	f := newFixture(t, srv, graph.Options{HTTPClient: hc})
	q := graph.Query{
		URL:    srv.GraphURL() + "/users/" + srv.Tenant().MailboxIDs()[0] + "/mailFolders/inbox/messages/delta?$select=subject",
		Prefer: []string{"odata.maxpagesize=2", `IdType="ImmutableId"`},
		Header: http.Header{"Client-Request-Id": {"round-1"}, "Authorization": {"Bearer stolen"}},
	}
	var got collector
	if _, err := f.client.Round(t.Context(), q, got.add); err != nil {
		t.Fatalf("Round: %v", err)
	}
	var sizes []int
	for _, p := range got.pages {
		sizes = append(sizes, len(p.Items))
	}
	if diff := cmp.Diff([]int{2, 2, 2, 1}, sizes); diff != "" {
		t.Errorf("page sizes (-want +got): the maxpagesize preference must reach every page\n%s", diff)
	}
	reqs := rec.requests()
	for i, r := range reqs {
		if p := r.Header.Get("Prefer"); p != `odata.maxpagesize=2, IdType="ImmutableId"` {
			t.Errorf("request %d: Prefer = %q", i, p)
		}
		if r.Header.Get("Client-Request-Id") != "round-1" || r.Header.Get("Authorization") == "Bearer stolen" {
			t.Errorf("request %d: extra headers %v; want client-request-id kept and Authorization the client's own", i, r.Header)
		}
	}
	if len(reqs) != 4 {
		t.Errorf("%d requests, want 4", len(reqs))
	}
}

func TestRoundEndsALoopOfRepeatedPages(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 12, Users: 450})
	tests := []struct {
		name string
		rule graphtest.FaultRule
		// loops: the round must end with ErrLoop, having asked for at
		// most a few pages; else it must read every user.
		loops bool
	}{
		{"a page served again three times is passed on", graphtest.FaultRule{Kind: "repeat_page", Times: 3}, false},
		{"a page served again for ever ends the round", graphtest.FaultRule{Kind: "repeat_page"}, true},
		{"the second page served again for ever ends the round", graphtest.FaultRule{Kind: "repeat_page", After: 1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc, rec := recording(srv)
			// The page cap is the only other guard: without the detector
			// the loop would end there, after 100 pages.
			f := newFixture(t, srv, graph.Options{HTTPClient: hc, MaxPages: 100})
			f.faults(t, tt.rule)
			var got collector
			_, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta?$select=displayName"}, got.add)
			if !tt.loops {
				if err != nil {
					t.Fatalf("Round: %v", err)
				}
				if diff := cmp.Diff(truth(t, srv, "users"), got.set()); diff != "" {
					t.Errorf("round ids (-want +got):\n%s", diff)
				}
				return
			}
			if !errors.Is(err, graph.ErrLoop) || !strings.Contains(err.Error(), "the same page in a loop") {
				t.Fatalf("Round: %v; want an ErrLoop naming the repeated page", err)
			}
			// The first page, four repeats (the last refused), and perhaps
			// the page read ahead meanwhile.
			if n, most := len(rec.requests()), 7; n > most {
				t.Errorf("the round asked for %d pages before it stopped, want at most %d", n, most)
			}
		})
	}
}
