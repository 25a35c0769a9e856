package pki

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHTTPClientReachesAServerTheCASigned(t *testing.T) {
	ca := newAuthority(t)
	cert, err := ca.IssueServer()
	if err != nil {
		t.Fatalf("IssueServer: %v", err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.Proto)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	tests := []struct {
		name   string
		client *http.Client
		url    string
		wantOK bool
	}{
		{"a client trusting the CA reaches 127.0.0.1", ca.HTTPClient(), "https://127.0.0.1:" + port, true},
		{"a client trusting the CA reaches localhost", ca.HTTPClient(), "https://localhost:" + port, true},
		{"a client with the CA's TLS config reaches 127.0.0.1", &http.Client{Transport: &http.Transport{TLSClientConfig: ca.ClientTLSConfig()}}, "https://127.0.0.1:" + port, true},
		{"a client without the CA is refused", &http.Client{Transport: &http.Transport{}}, "https://127.0.0.1:" + port, false},
		{"a client trusting another CA is refused", newAuthority(t).HTTPClient(), "https://127.0.0.1:" + port, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := tt.client.Get(tt.url)
			if !tt.wantOK {
				if err == nil {
					resp.Body.Close()
					t.Fatal("the request succeeded")
				}
				return
			}
			if err != nil {
				t.Fatalf("GET %s: %v", tt.url, err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("status %d", resp.StatusCode)
			}
		})
	}
	t.Run("HTTPClient speaks HTTP/2", func(t *testing.T) {
		resp, err := ca.HTTPClient().Get("https://127.0.0.1:" + port)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if body, _ := io.ReadAll(resp.Body); string(body) != "HTTP/2.0" {
			t.Errorf("protocol %s", body)
		}
	})
}
