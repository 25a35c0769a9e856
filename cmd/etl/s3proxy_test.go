package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// s3Fault is what the proxy does to one request.
type s3Fault int

const (
	passThrough s3Fault = iota
	fail503             // answer 503 SlowDown without forwarding
	resetBefore         // cut the connection without forwarding
	resetAfter          // forward, then cut the connection before the answer
	slow                // forward after a delay
	hide412             // forward, and answer 200 where the store refused with 412, as a store that ignores If-None-Match would
)

// faultProxy stands between the host and the S3 server and applies the
// faults its rule picks, counting what it did.
type faultProxy struct {
	URL  string
	mu   sync.Mutex
	rule func(r *http.Request, n int) s3Fault // n counts the requests the rule matched so far
	seen map[s3Fault]int
	hits int
}

func startFaultProxy(t *testing.T, upstream string) *faultProxy {
	t.Helper()
	target, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{seen: map[s3Fault]int{}}
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.Host = r.In.Host // SigV4 signed the host the client dialled
	}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p.decide(r) {
		case fail503:
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>injected</Message></Error>`)
		case resetBefore:
			hijackAndClose(w)
		case resetAfter:
			rec := httptest.NewRecorder()
			rp.ServeHTTP(rec, r)
			hijackAndClose(w)
		case slow:
			time.Sleep(300 * time.Millisecond)
			rp.ServeHTTP(w, r)
		case hide412:
			rec := httptest.NewRecorder()
			rp.ServeHTTP(rec, r)
			if rec.Code == http.StatusPreconditionFailed {
				w.WriteHeader(http.StatusOK)
				return
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		default:
			rp.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

func (p *faultProxy) setRule(rule func(r *http.Request, n int) s3Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rule, p.hits = rule, 0
}

func (p *faultProxy) decide(r *http.Request) s3Fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rule == nil {
		return passThrough
	}
	f := p.rule(r, p.hits)
	if f != passThrough {
		p.hits++
		p.seen[f]++
	}
	return f
}

func (p *faultProxy) count(f s3Fault) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen[f]
}

func hijackAndClose(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // a reset, not a clean close
		}
		_ = conn.Close()
	}
}

// isUpload matches the requests that carry data: PUT of an object or a part.
func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPut && !strings.Contains(r.URL.Path, "/_manifest/")
}

// isCommit matches the PUT of a manifest entry.
func isCommit(r *http.Request) bool {
	return r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/_manifest/0")
}
