package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Query starts a round or a list.
type Query struct {
	// URL is the first-page URL (e.g. base+"/users/delta?$select=a,b") or
	// a stored deltaLink, used as opaque. It must be an absolute https URL.
	URL string
	// Prefer values are sent on every page, e.g. "return=minimal",
	// "odata.maxpagesize=100" or `IdType="ImmutableId"`.
	Prefer []string
	// Header holds extra headers sent on every page; Authorization in it
	// is ignored.
	Header http.Header
}

// Page is one page of a round or a list.
type Page struct {
	// Number is the page's position in the round, from 1.
	Number int
	// Items are the elements of the page's "value" array, raw.
	Items []json.RawMessage
}

// Round follows @odata.nextLink from q.URL until a page carries
// @odata.deltaLink, calls fn for each page in order (fn's error aborts the
// round), and returns the deltaLink. Prefer and extra headers are resent on
// every page. If Graph discarded the sync state the error is a
// *ResyncError (see IsResync).
func (c *Client) Round(ctx context.Context, q Query, fn func(context.Context, Page) error) (deltaLink string, err error) {
	deltaLink, err = c.walk(ctx, q, fn, true)
	if err != nil {
		return "", fmt.Errorf("delta round from %s: %w", Redact(q.URL), err)
	}
	return deltaLink, nil
}

// List follows @odata.nextLink for a plain collection (e.g. GET
// /users?$select=id) without requiring a deltaLink.
func (c *Client) List(ctx context.Context, q Query, fn func(context.Context, Page) error) error {
	if _, err := c.walk(ctx, q, fn, false); err != nil {
		return fmt.Errorf("list %s: %w", Redact(q.URL), err)
	}
	return nil
}

// walk reads the pages of a round (delta) or a list, one retry budget for
// all of them.
func (c *Client) walk(ctx context.Context, q Query, fn func(context.Context, Page) error, delta bool) (string, error) {
	guard, err := newLinkGuard(q.URL)
	if err != nil {
		return "", err
	}
	header, b, link := cleanHeader(q.Header, q.Prefer), &budget{max: c.maxRetryWait}, q.URL
	for n := 1; ; n++ {
		if err := context.Cause(ctx); err != nil {
			return "", err
		}
		if n > c.maxPages {
			return "", fmt.Errorf("%w: more than %d pages", ErrLoop, c.maxPages)
		}
		env, err := c.page(ctx, link, header, b)
		if err != nil {
			return "", fmt.Errorf("read page %d: %w", n, err)
		}
		next, end, err := guard.follow(env, delta)
		if err != nil {
			return "", fmt.Errorf("page %d: %w", n, err)
		}
		c.log.DebugContext(ctx, "graph page", "link", Redact(link), "page", n, "items", len(env.Value), "last", next == "")
		if err := fn(ctx, Page{Number: n, Items: env.Value}); err != nil {
			return "", fmt.Errorf("page %d: %w", n, err)
		}
		if next == "" {
			return end, nil
		}
		link = next
	}
}

// page GETs one page, decoding each attempt into a fresh envelope.
func (c *Client) page(ctx context.Context, link string, header http.Header, b *budget) (*envelope, error) {
	var env envelope
	r := request{link: link, header: header, decode: func(body io.Reader) error {
		env = envelope{}
		return decodeBody(body, c.maxBody, &env)
	}}
	if err := c.get(ctx, r, b); err != nil {
		return nil, err
	}
	return &env, nil
}
