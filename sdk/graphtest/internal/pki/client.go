package pki

import (
	"crypto/tls"
	"net/http"
)

// ClientTLSConfig returns a new TLS client configuration whose only root is
// the CA.
func (a *Authority) ClientTLSConfig() *tls.Config {
	return &tls.Config{RootCAs: a.CertPool(), MinVersion: tls.VersionTLS12}
}

// HTTPClient returns a new HTTP client whose transport is a clone of
// http.DefaultTransport (proxy settings, timeouts) that trusts only the CA
// and attempts HTTP/2. Each call returns a client with its own connection
// pool.
func (a *Authority) HTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = a.ClientTLSConfig()
	tr.ForceAttemptHTTP2 = true
	tr.MaxIdleConnsPerHost = 64
	return &http.Client{Transport: tr}
}
