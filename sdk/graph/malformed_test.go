package graph_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
)

// scripted starts a TLS server answering with fn (n counts requests from 1)
// and a client for it that records its waits.
func scripted(t *testing.T, opts graph.Options, fn func(w http.ResponseWriter, r *http.Request, n int, base string)) (*graph.Client, string, *atomic.Int64, *sleeps) {
	t.Helper()
	var n atomic.Int64
	var base string
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fn(w, r, int(n.Add(1)), base)
	}))
	t.Cleanup(ts.Close)
	base = ts.URL
	opts.HTTPClient, opts.Tokens = ts.Client(), &fixedTokens{token: "t0k3n", ttl: time.Hour}
	c := graph.New(opts)
	s := &sleeps{}
	graph.SetSleep(c, s.sleep)
	return c, base, &n, s
}

func TestMalformedResponses(t *testing.T) {
	tests := []struct {
		name     string
		body     func(base string, n int) string
		want     error
		requests int64
	}{
		{"a page with neither link is malformed", func(string, int) string { return `{"value":[]}` }, graph.ErrMalformed, 1},
		{"a page without a value array is malformed", func(b string, _ int) string { return `{"@odata.deltaLink":"` + b + `/d?$deltatoken=x"}` }, graph.ErrMalformed, 1},
		{"a complete body that is not JSON is malformed and not retried", func(string, int) string { return `<html>proxy error</html>` }, graph.ErrMalformed, 1},
		{"a complete body with unterminated JSON is malformed and not retried", func(string, int) string { return `{"value":[{"id":"a"}` }, graph.ErrMalformed, 1},
		{"a nextLink to another host is refused before the token goes there", func(string, int) string {
			return `{"@odata.nextLink":"https://graph.example/v1.0/users/delta?$skiptoken=x","value":[]}`
		}, graph.ErrMalformed, 1},
		{"a deltaLink to another host is refused", func(string, int) string {
			return `{"@odata.deltaLink":"https://graph.example/v1.0/users/delta?$deltatoken=x","value":[]}`
		}, graph.ErrMalformed, 1},
		{"a nextLink seen before in the round is a loop", func(b string, _ int) string {
			return `{"@odata.nextLink":"` + b + `/users/delta?$skiptoken=same","value":[]}`
		}, graph.ErrLoop, 2},
		{"a nextLink back to the first URL is a loop", func(b string, _ int) string {
			return `{"@odata.nextLink":"` + b + `/users/delta","value":[]}`
		}, graph.ErrLoop, 1},
		{"more pages than MaxPages is a loop", func(b string, n int) string {
			return fmt.Sprintf(`{"@odata.nextLink":"%s/users/delta?$skiptoken=%d","value":[]}`, b, n)
		}, graph.ErrLoop, 5},
		{"a body over the size limit is malformed", func(string, int) string {
			return `{"value":["` + strings.Repeat("x", 4096) + `"]}`
		}, graph.ErrMalformed, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, base, n, _ := scripted(t, graph.Options{MaxPages: 5}, func(w http.ResponseWriter, _ *http.Request, n int, base string) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(tt.body(base, n)))
			})
			graph.SetMaxBody(c, 1024)
			_, err := c.Round(t.Context(), graph.Query{URL: base + "/users/delta"}, (&collector{}).add)
			if !errors.Is(err, tt.want) || n.Load() != tt.requests {
				t.Errorf("err = %v after %d requests; want %v after %d", err, n.Load(), tt.want, tt.requests)
			}
		})
	}
}

func TestRetriesResendTheLinkUnchanged(t *testing.T) {
	const path = "/v1.0/users('a%27b')/delta?$skiptoken=a%2Bb%3D~c&x=1"
	var mu sync.Mutex
	var uris []string
	c, base, _, waits := scripted(t, graph.Options{}, func(w http.ResponseWriter, r *http.Request, n int, base string) {
		mu.Lock()
		uris = append(uris, r.RequestURI)
		mu.Unlock()
		if n < 3 {
			w.Header().Set("Retry-After", "0.25")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = fmt.Fprintf(w, `{"@odata.deltaLink":"%s/d?$deltatoken=z","value":[]}`, base)
	})
	if _, err := c.Round(t.Context(), graph.Query{URL: base + path}, (&collector{}).add); err != nil {
		t.Fatalf("Round: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{path, path, path}; strings.Join(uris, " ") != strings.Join(want, " ") {
		t.Errorf("request URIs = %q, want %q three times", uris, path)
	}
	if got := waits.all(); len(got) != 2 || got[0] != 250*time.Millisecond {
		t.Errorf("waits = %v, want two of 250ms", got)
	}
}

func TestTransportErrorsAreRetried(t *testing.T) {
	tests := []struct {
		name string
		fail func(w http.ResponseWriter)
	}{
		{"a connection closed before the answer", func(w http.ResponseWriter) {
			conn, _, _ := http.NewResponseController(w).Hijack()
			_ = conn.Close()
		}},
		{"a body shorter than its Content-Length", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "500")
			_, _ = w.Write([]byte(`{"value":[{"id":"a"},`))
			_ = http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is retried", func(t *testing.T) {
			c, base, n, waits := scripted(t, graph.Options{}, func(w http.ResponseWriter, _ *http.Request, n int, base string) {
				if n == 1 {
					tt.fail(w)
					return
				}
				_, _ = fmt.Fprintf(w, `{"@odata.deltaLink":"%s/d?$deltatoken=z","value":[{"id":"a"}]}`, base)
			})
			var got collector
			if _, err := c.Round(t.Context(), graph.Query{URL: base + "/users/delta"}, got.add); err != nil || len(got.ids) != 1 {
				t.Fatalf("Round: %v with %v", err, got.ids)
			}
			if n.Load() != 2 || len(waits.all()) != 1 {
				t.Errorf("%d requests and waits %v, want 2 requests after one back-off", n.Load(), waits.all())
			}
		})
	}
}

func TestAnErrorBodyCutShortIsRetriedNotTrusted(t *testing.T) {
	// The first answer is a 404 whose body stops half way: without its
	// code nobody can tell a missing mailbox from a missing folder, so it
	// is retried like any cut connection. The second is whole.
	body := `{"error":{"code":"MailboxNotEnabledForRESTAPI","message":"The mailbox is either inactive, soft-deleted, or is hosted on-premise."}}`
	c, base, n, _ := scripted(t, graph.Options{}, func(w http.ResponseWriter, _ *http.Request, n int, _ string) {
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(http.StatusNotFound)
		if n == 1 {
			_, _ = w.Write([]byte(body[:len(body)/2]))
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler) // drop the connection mid-body
		}
		_, _ = w.Write([]byte(body))
	})
	_, err := c.Round(t.Context(), graph.Query{URL: base + "/users/u1/mailFolders/delta"}, func(context.Context, graph.Page) error { return nil })
	var api *graph.APIError
	if !errors.As(err, &api) || api.Code != "MailboxNotEnabledForRESTAPI" {
		t.Fatalf("round: %v; want the whole answer's APIError with its code", err)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("%d requests, want 2 (the cut answer retried once)", got)
	}
}
