package graph

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// origin is where a bearer token may go: a scheme, a host name and a port,
// compared as browsers compare origins. Another port is another origin:
// a different server may listen there, so it does not get the token.
type origin struct{ scheme, host, port string }

// originOf returns u's origin; the port defaults to the scheme's.
func originOf(u *url.URL) origin {
	o := origin{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname()), port: u.Port()}
	if o.port == "" {
		o.port = map[string]string{"https": "443", "http": "80"}[o.scheme]
	}
	return o
}

// String is scheme://host:port, with the host escaped for printing (it
// came from the network).
func (o origin) String() string {
	return escapeText(o.scheme + "://" + net.JoinHostPort(o.host, o.port))
}

// refusedOrigin is a redirect or a Location that points to another origin
// than the request that led to it. Only the origin is kept: the full link
// may carry tokens.
type refusedOrigin struct {
	what     string // e.g. "a redirect", "the 410's Location"
	from, to origin
}

func (e *refusedOrigin) Error() string {
	return fmt.Sprintf("%s points to %s: refused, the bearer token goes only to %s, where the round started (same scheme, host and port)", e.what, e.to, e.from)
}

func (e *refusedOrigin) Unwrap() error { return ErrForeignHost }

// guardRedirects returns a copy of hc that follows a redirect only within
// the origin of the first request (to the same scheme, host and port, so
// to the server that already holds the token) and refuses any other with a
// *refusedOrigin: net/http would resend the Authorization header to an
// http:// URL or another port of the same host.
func guardRedirects(hc *http.Client) *http.Client {
	c := *hc
	next := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if from, to := originOf(via[0].URL), originOf(req.URL); from != to {
			return &refusedOrigin{what: "a redirect", from: from, to: to}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}
