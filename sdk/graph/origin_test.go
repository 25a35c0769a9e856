package graph_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/graphlake/graphlake/sdk/graph"
)

// hostileServer is a hostile server on loopback that records the Authorization
// header of every request it receives.
type hostileServer struct {
	mu   sync.Mutex
	auth []string
	srv  *httptest.Server
}

func newHostileServer(t *testing.T, tls bool) *hostileServer {
	t.Helper()
	r := &hostileServer{}
	h := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.auth = append(r.auth, req.Header.Get("Authorization"))
		r.mu.Unlock()
		_, _ = w.Write([]byte(`{"value":[],"@odata.deltaLink":"` + r.srv.URL + `/users/delta?$deltatoken=stolen"}`))
	})
	if tls {
		r.srv = httptest.NewTLSServer(h)
	} else {
		r.srv = httptest.NewServer(h)
	}
	t.Cleanup(r.srv.Close)
	return r
}

// received returns the requests' Authorization headers.
func (r *hostileServer) received() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.auth...)
}

func TestTheTokenGoesToGraphsOriginOnly(t *testing.T) {
	otherPort, plain := newHostileServer(t, true), newHostileServer(t, false)
	tests := []struct {
		name    string
		hostile *hostileServer
		answer  func(w http.ResponseWriter, r *http.Request, to string)
	}{
		{"a redirect from https to http on the same host", plain, func(w http.ResponseWriter, r *http.Request, to string) {
			http.Redirect(w, r, to+"/v1.0/users/delta?$deltatoken=secret", http.StatusFound)
		}},
		{"a redirect to another port of the same host", otherPort, func(w http.ResponseWriter, r *http.Request, to string) {
			http.Redirect(w, r, to+"/v1.0/users/delta?$deltatoken=secret", http.StatusTemporaryRedirect)
		}},
		{"a 410 whose Location is on another port", otherPort, func(w http.ResponseWriter, _ *http.Request, to string) {
			w.Header().Set("Location", to+"/v1.0/users/delta?$deltatoken=")
			w.WriteHeader(http.StatusGone)
			_, _ = w.Write([]byte(`{"error":{"code":"syncReset","message":"Restart from the Location URL."}}`))
		}},
		{"a 410 whose Location is http", plain, func(w http.ResponseWriter, _ *http.Request, to string) {
			w.Header().Set("Location", to+"/v1.0/users/delta?$deltatoken=")
			w.WriteHeader(http.StatusGone)
		}},
		{"a nextLink to another port", otherPort, func(w http.ResponseWriter, _ *http.Request, to string) {
			_, _ = w.Write([]byte(`{"value":[],"@odata.nextLink":"` + to + `/v1.0/users/delta?$skiptoken=secret"}`))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(tt.hostile.received())
			c, base, n, _ := scripted(t, graph.Options{}, func(w http.ResponseWriter, r *http.Request, _ int, _ string) {
				tt.answer(w, r, tt.hostile.srv.URL)
			})
			start := base + "/v1.0/users/delta?$deltatoken=mine"
			_, err := c.Round(t.Context(), graph.Query{URL: start}, (&collector{}).add)
			if !errors.Is(err, graph.ErrForeignHost) || graph.IsResync(err) {
				t.Errorf("err = %v; want ErrForeignHost, not a resync", err)
			}
			// The caller's part: a stream restarts from its own first-round
			// URL, never from anything the failed round was pointed to.
			if got := tt.hostile.received()[before:]; len(got) != 0 {
				t.Errorf("the hostile server received %d requests, Authorization %q", len(got), got)
			}
			if n.Load() != 1 {
				t.Errorf("Graph received %d requests, want 1 (a refusal is not retried)", n.Load())
			}
			if err != nil && (!strings.Contains(err.Error(), strings.TrimPrefix(tt.hostile.srv.URL, "http")) || strings.Contains(err.Error(), "secret")) {
				t.Errorf("err = %v; want it to name the refused origin, and no link", err)
			}
		})
	}
}

func TestARedirectWithinGraphsOriginIsFollowed(t *testing.T) {
	c, base, n, _ := scripted(t, graph.Options{}, func(w http.ResponseWriter, r *http.Request, _ int, base string) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/v1.0/users/delta", http.StatusFound)
			return
		}
		if r.Header.Get("Authorization") != "Bearer t0k3n" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte(`{"value":[{"id":"a"}],"@odata.deltaLink":"` + base + `/v1.0/users/delta?$deltatoken=d"}`))
	})
	var got collector
	if _, err := c.Round(t.Context(), graph.Query{URL: base + "/old"}, got.add); err != nil || len(got.ids) != 1 || n.Load() != 2 {
		t.Errorf("err = %v, %d items after %d requests; want the redirect followed with the token", err, len(got.ids), n.Load())
	}
}
