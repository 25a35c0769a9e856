package main

import (
	"net/http"
	"testing"
)

// TestS3ClientHasNoConnectionCap: the S3 destination's client with a
// ca_file leaves the connections per host unbounded (S3 speaks HTTP/1.1,
// where Graph's bound on dials would cap the uploads in flight).
func TestS3ClientHasNoConnectionCap(t *testing.T) {
	hc, err := s3HTTPClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := hc.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport %T", hc.Transport)
	}
	if tr.MaxConnsPerHost != 0 {
		t.Errorf("MaxConnsPerHost = %d, want 0 (no bound)", tr.MaxConnsPerHost)
	}
}
