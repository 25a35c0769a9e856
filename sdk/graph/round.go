package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/graphlake/graphlake/sdk/internal/growstack"
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
	// Items are the elements of the page's "value" array, raw. They alias
	// the page's buffer: valid until the callback returns, so copy what
	// must outlive it.
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
// all of them. While fn handles a page, the next one is already being
// fetched: a round's pages must come one after the other, so this overlap
// is what keeps the network and the caller busy at once. Two body buffers
// take turns; a page's items are valid until fn returns. The buffers'
// bytes come from the Client's page memory budget (Options.PageMemory).
func (c *Client) walk(ctx context.Context, q Query, fn func(context.Context, Page) error, delta bool) (string, error) {
	guard, err := newLinkGuard(q.URL)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	header, b := cleanHeader(q.Header, q.Prefer), &budget{max: c.maxRetryWait}
	var bufs [2][]byte
	lease := c.pages.lease()
	defer lease.release()
	defer func() { c.pages.spare.put(bufs[0], bufs[1]) }() // no fetch uses them once walk returns
	// The first page has nothing to overlap with: it is fetched on this
	// goroutine (an incremental round is often one page, and a goroutine
	// per page grew its own stack to the HTTP client's depth every time).
	res := fetched{link: q.URL}
	// The first page of an incremental round may share a JSON batch with
	// other rounds' first pages (Limits.BatchSize).
	res.env, res.err = c.page(ctx, q.URL, guard.startURL, header, b, &bufs[0], lease, delta && isDeltaLink(q.URL))
	var pending <-chan fetched
	repeats := newPageRepeats(c.pageSeed)
	for n := 1; ; n++ {
		if n > 1 {
			res = <-pending
		}
		if err := context.Cause(ctx); err != nil {
			return "", err
		}
		if res.err != nil {
			return "", fmt.Errorf("read page %d: %w", n, guard.location(res.err))
		}
		env := res.env
		next, nextURL, end, err := guard.follow(&env, delta)
		if err == nil {
			err = repeats.see(env.Value, n)
		}
		if err != nil {
			return "", fmt.Errorf("page %d: %w", n, err)
		}
		c.log.DebugContext(ctx, "graph page", "link", redacted(res.link), "page", n, "items", len(env.Value), "last", next == "")
		pending = nil
		if next != "" && n < c.maxPages {
			pending = c.fetchAhead(ctx, next, nextURL, header, b, &bufs[n%2], lease)
		}
		if err := fn(ctx, Page{Number: n, Items: env.Value}); err != nil {
			cancel()
			if pending != nil {
				<-pending
			}
			return "", fmt.Errorf("page %d: %w", n, err)
		}
		if c.pages.contended() {
			// Other pages wait for memory: give this page's buffer back
			// rather than keep it for page n+2.
			lease.shrink(int64(cap(bufs[(n-1)%2])))
			bufs[(n-1)%2] = nil
		}
		switch {
		case next == "":
			return end, nil
		case pending == nil:
			return "", fmt.Errorf("%w: more than %d pages", ErrLoop, c.maxPages)
		}
	}
}

// fetched is one page read ahead.
type fetched struct {
	link string
	env  envelope
	err  error
}

// fetchAhead GETs one page in the background into buf, whose capacity
// lease holds, and delivers it on the returned channel.
func (c *Client) fetchAhead(ctx context.Context, link string, parsed *url.URL, header http.Header, b *budget, buf *[]byte, lease *memLease) <-chan fetched {
	out := make(chan fetched, 1)
	go func() {
		growstack.Grow()
		env, err := c.page(ctx, link, parsed, header, b, buf, lease, false)
		out <- fetched{link: link, env: env, err: err}
	}()
	return out
}

// page GETs one page into buf, parsing each attempt afresh; batch lets it
// go in a JSON batch. parsed is link parsed by the round's linkGuard.
func (c *Client) page(ctx context.Context, link string, parsed *url.URL, header http.Header, b *budget, buf *[]byte, lease *memLease, batch bool) (envelope, error) {
	var env envelope
	r := request{link: link, parsed: parsed, header: header, batch: batch, decode: func(body io.Reader) error {
		data, err := readBody(ctx, body, c.maxBody, *buf, lease)
		*buf = data
		if err != nil {
			return err
		}
		env, err = parseEnvelope(data)
		return err
	}}
	if err := c.get(ctx, r, b); err != nil {
		return envelope{}, err
	}
	return env, nil
}
