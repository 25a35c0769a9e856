package graph

import (
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBurstSharesConnections: a burst of requests larger than an HTTP/2
// server's stream limit (Go's server allows 250 per connection) opens a
// few connections and shares them, rather than a TLS connection per
// request that found the others full (net/http's default: hundreds of
// handshakes for a burst of 600, most of them closed unused). Graph's
// stream limit is not documented: the burst is tried against Go's and a
// lower one.
func TestBurstSharesConnections(t *testing.T) {
	for _, streams := range []int{250, 100} {
		t.Run(fmt.Sprintf("%d streams a connection", streams), func(t *testing.T) { burstSharesConnections(t, streams) })
	}
}

func burstSharesConnections(t *testing.T, streams int) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(100 * time.Millisecond)
		_, _ = w.Write([]byte("{}"))
	}))
	srv.EnableHTTP2 = true
	srv.Config.HTTP2 = &http.HTTP2Config{MaxConcurrentStreams: streams}
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.StartTLS()
	defer srv.Close()
	hc, err := NewHTTPClient(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	if err != nil {
		t.Fatal(err)
	}
	defer hc.CloseIdleConnections()
	const burst = 600
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range burst {
		wg.Go(func() {
			resp, err := hc.Get(srv.URL)
			if err != nil {
				failed.Add(1)
				return
			}
			_ = resp.Body.Close()
			if resp.ProtoMajor != 2 {
				failed.Add(1)
			}
		})
	}
	wg.Wait()
	if n := failed.Load(); n > 0 {
		t.Fatalf("%d of %d requests failed or were not HTTP/2", n, burst)
	}
	// 600 requests need 3 connections of 250 streams (6 of 100); each
	// wave of requests that found them full may add dialsPerHost more
	// (14-17 seen at 250, 19-22 at 100).
	const most = 40
	if n := conns.Load(); n > most {
		t.Errorf("%d connections for a burst of %d requests; want at most %d", n, burst, most)
	}
	t.Logf("%d connections for %d requests", conns.Load(), burst)
}
