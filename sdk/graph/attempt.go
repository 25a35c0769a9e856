package graph

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"
)

// request is what every attempt of one GET shares. The link is sent as
// given on every attempt: it is never rebuilt.
type request struct {
	link string
	// parsed is link parsed, when the caller had it (nil: attempt parses
	// it); each attempt's request gets a copy.
	parsed *url.URL
	header http.Header // Prefer and extra headers; never Authorization
	// batch lets the request go in a JSON batch with others (the first
	// page of an incremental round, see Limits.BatchSize).
	batch  bool
	decode func(io.Reader) error
}

// unauthorized is a 401: the caller drops the token and tries once more.
type unauthorized struct{ err error }

func (u *unauthorized) Error() string { return u.err.Error() }
func (u *unauthorized) Unwrap() error { return u.err }

// attempt sends one GET of r.link with the Authorization header value
// bearer ("Bearer " and the token) and decodes a 2xx body; it
// sets *latency to the time until the answer's headers arrived, *status
// to the answer's HTTP status (left alone when none came) and *batched
// when the answer came in a JSON batch's answer. It
// returns a *retryable or *unauthorized for failures worth another try. A
// body (or an error body) that sends nothing for c.bodyIdle aborts the
// attempt as a *retryable: a stalled answer is a cut answer.
func (c *Client) attempt(parent context.Context, r request, bearer string, latency *time.Duration, status *int, batched *bool) (err error) {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	req, err := newGet(ctx, r)
	if err != nil {
		return fmt.Errorf("%w: link %s does not parse: %v", ErrMalformed, Redact(r.link), unwrapURLError(err))
	}
	// The map is made to size, and the fixed values are shared (Set made
	// a slice for each: 2% of the mail plugin's allocations).
	req.Header = make(http.Header, len(r.header)+len(c.fixedHeader)+1)
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	req.Header.Set("Authorization", bearer)
	for k, vs := range c.fixedHeader {
		req.Header[k] = vs
	}
	sent := time.Now()
	var resp *http.Response
	if r.batch && c.batch != nil {
		resp, *batched, err = c.batch.do(req, r.link)
	} else {
		resp, err = c.http.Do(req)
	}
	if err != nil {
		if parent.Err() != nil {
			return context.Cause(parent)
		}
		var refused *refusedOrigin
		if errors.As(err, &refused) {
			return refused // not retryable: the redirect would come again
		}
		return transportError(err, req.URL.Host)
	}
	*latency = max(time.Since(sent), time.Nanosecond)
	*status = resp.StatusCode
	if !*batched { // a batched answer's body is in memory already
		resp.Body = newIdleBody(resp.Body, c.bodyIdle, cancel)
	}
	defer closeBody(resp.Body)
	defer func() { err = stalled(ctx, err, c.bodyIdle) }()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return r.decode(resp.Body)
	case resp.StatusCode == http.StatusUnauthorized:
		return &unauthorized{err: responseError(resp, r.link)}
	case retryableStatus(resp.StatusCode):
		after, ok := retryAfter(resp.Header, time.Now())
		return &retryable{err: responseError(resp, r.link), status: resp.StatusCode, after: after, hasAfter: ok}
	}
	return responseError(resp, r.link)
}

// newGet is the GET request of r.link. A link the round's linkGuard
// parsed already is not parsed again (url.Parse was 8% of the mail
// plugin's instructions in a round with nothing changed, three times a
// stream): the request takes a copy of r.parsed, as
// http.NewRequestWithContext would have made it.
func newGet(ctx context.Context, r request) (*http.Request, error) {
	if r.parsed == nil {
		return http.NewRequestWithContext(ctx, http.MethodGet, r.link, nil)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "", nil)
	if err != nil {
		return nil, err
	}
	u := *r.parsed
	req.URL, req.Host = &u, u.Host
	return req, nil
}

// transportError strips the raw link from err and marks it retryable,
// unless the server's certificate was refused: that will not heal. A host
// that refuses connections or does not resolve is retried only a few
// times (maxUnreachableAttempts): that is a wrong endpoint more often than
// a blip.
func transportError(err error, host string) error {
	err = fmt.Errorf("transport: %w", unwrapURLError(err))
	var cert *tls.CertificateVerificationError
	if errors.As(err, &cert) {
		return err
	}
	var dns *net.DNSError
	if errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dns) {
		return &retryable{err: fmt.Errorf("cannot reach Graph at %s (check graph.endpoint and the network): %w", host, err), unreachable: true}
	}
	return &retryable{err: err}
}

// unwrapURLError drops the *url.Error layer, whose message holds the raw
// link with its tokens.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// closeBody drains a little of what is left, so the connection can be
// reused, and closes the body.
func closeBody(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 4<<10))
	_ = body.Close()
}
