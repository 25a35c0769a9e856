package fault

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// pageBody is what the stand-in Graph handler serves: a valid JSON page of
// a few kilobytes.
func pageBody() string {
	return `{"value":[` + strings.Repeat(`{"id":"00000000-0000-0000-0000-000000000000"},`, 99) + `{"id":"last"}]}`
}

// graph is the stand-in for the emulator's Graph handler.
func graph() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, pageBody())
	})
}

// transport names the three ways tests reach the server.
type transport string

const (
	plainHTTP1 transport = "HTTP/1.1"
	tlsHTTP1   transport = "HTTP/1.1 over TLS"
	tlsHTTP2   transport = "HTTP/2"
)

// serve starts h on loopback over the given transport.
func serve(t *testing.T, h http.Handler, tr transport) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	switch tr {
	case plainHTTP1:
		s.Start()
	case tlsHTTP1:
		s.StartTLS()
	case tlsHTTP2:
		s.EnableHTTP2 = true
		s.StartTLS()
	}
	t.Cleanup(s.Close)
	return s
}

// injector returns an injector holding cfg.
func injector(t *testing.T, cfg Config) *Injector {
	t.Helper()
	i := New()
	if err := i.Set(cfg); err != nil {
		t.Fatalf("Set: %v", err)
	}
	return i
}

// rules wraps rules in a Config with seed 1.
func rules(rs ...Rule) Config { return Config{Seed: 1, Rules: rs} }

// statuses sends n GETs for path and returns their statuses as a string,
// one character each: '.' for 200, 'x' for anything else.
func statuses(t *testing.T, s *httptest.Server, path string, n int) string {
	t.Helper()
	var b strings.Builder
	for range n {
		resp, err := s.Client().Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		b.WriteByte(mark(resp.StatusCode == http.StatusOK))
	}
	return b.String()
}

// mark is '.' for a request that passed and 'x' for one that did not.
func mark(passed bool) byte {
	if passed {
		return '.'
	}
	return 'x'
}

func seconds(f float64) *float64 { return &f }
