package graph

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"time"
)

// headerTableSize bounds the HPACK table the client encodes request
// headers with (Go's default is 4,096 bytes). Every request's path is a
// different link (a deltaLink or nextLink, hundreds of bytes: a mailbox
// request's is always past this size), so indexing it only evicted the
// entries before it on every request, in the client's encoder and the
// server's decoder. A header larger than the table is sent as a literal
// and not indexed; the short ones (authority, Accept, User-Agent, Prefer)
// stay indexed. The bearer token, also larger, is sent as a literal on
// every request instead of every few.
const headerTableSize = 256

// dialsPerHost bounds the connections being dialled to Graph at once
// (http.Transport.MaxConnsPerHost, which for HTTP/2 counts only the dials
// in progress). Without it, every request that finds each HTTP/2
// connection at the server's stream limit (Go's server: 250; Graph's is
// not documented) dials a connection of its own, with a TLS handshake,
// and the connections that lose the race are closed: a burst of 1,024
// requests at 200 ms opened 2,394 connections in a loopback test, and at
// 200 ms of latency TLS handshakes were 7% of the mail plugin's CPU. With
// it, the requests that found no room wait for a dial in progress and
// share its connection. An HTTP/1.1 server (a proxy that does not speak
// HTTP/2) would be held to this many connections in all: a caller that
// uses this client for another service over HTTP/1.1 (etl's S3
// destination with a ca_file) clears MaxConnsPerHost.
const dialsPerHost = 8

// NewHTTPClient returns a client for Graph that trusts the system roots plus
// caPEM, speaks HTTP/2 and bounds every phase of a request but the body.
func NewHTTPClient(caPEM []byte) (*http.Client, error) {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(caPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, errors.New("the pipeline's ca_file holds no PEM certificate")
		}
		tlsConfig.RootCAs = pool
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       tlsConfig,
		ForceAttemptHTTP2:     true,
		MaxIdleConnsPerHost:   64,
		MaxConnsPerHost:       dialsPerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 2 * time.Minute,
		HTTP2:                 &http.HTTP2Config{MaxEncoderHeaderTableSize: headerTableSize},
	}
	return &http.Client{Transport: transport}, nil
}
