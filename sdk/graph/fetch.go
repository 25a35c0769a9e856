package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// get performs r until it succeeds: a 401 drops the token and is retried
// once at once; retryable failures are retried with the same link after
// Retry-After or a back-off, within c.maxAttempts and budget b. Each
// attempt goes through the Client's limits and shared back-off gate.
func (c *Client) get(ctx context.Context, r request, b *budget) error {
	refreshed := false
	for attempt := 1; ; attempt++ {
		tok, bearer, err := c.tokens.get(ctx)
		if err != nil {
			return err
		}
		release, err := c.limits.acquire(ctx, r.link, b.own, c.sleep)
		if err != nil {
			return err
		}
		var latency time.Duration
		status, batched := 0, false
		err = c.attempt(ctx, r, bearer, &latency, &status, &batched)
		c.stats.request(status)
		a := judge(r.link, err, latency, c.maxRetryWait)
		a.status, a.batched = status, batched
		release(a)
		var unauth *unauthorized
		var retry *retryable
		switch {
		case err == nil:
			return nil
		case errors.As(err, &unauth):
			if refreshed {
				return unauth.err
			}
			refreshed, attempt = true, attempt-1
			c.tokens.drop(tok)
			c.log.DebugContext(ctx, "graph refused the access token; refreshing it", "link", redacted(r.link))
			continue
		case !errors.As(err, &retry):
			return err
		case ctx.Err() != nil:
			return context.Cause(ctx)
		case attempt >= c.maxAttempts || (retry.unreachable && attempt >= maxUnreachableAttempts):
			return fmt.Errorf("giving up after %d attempts: %w", attempt, retry.err)
		}
		if retry.hasAfter {
			b.own = c.limits.backOff(r.link, a, a.after)
		}
		if err := c.wait(ctx, r, b, attempt, retry); err != nil {
			return err
		}
	}
}

// judge is what an attempt's outcome tells the limits: its latency when
// Graph answered, whether the answer throttled the tenant (429, or 503) or
// only the link's mailbox (429 ApplicationThrottled on a mailbox request,
// Outlook's per-mailbox limits), and its Retry-After, at most maxWait (the
// Client's MaxRetryWait). A longer Retry-After fails the call that got it
// (its budget cannot cover the wait); holding the others past maxWait
// would keep every stream waiting for as long as the answer says.
func judge(link string, err error, latency, maxWait time.Duration) answer {
	var retry *retryable
	if !errors.As(err, &retry) {
		return answer{latency: latency}
	}
	after := min(retry.after, maxWait)
	switch retry.status {
	case http.StatusTooManyRequests:
		var api *APIError
		if errors.As(retry.err, &api) && strings.EqualFold(api.Code, "ApplicationThrottled") && mailboxKey(link) != "" {
			return answer{mailboxThrottled: true, after: after}
		}
		return answer{throttled: true, after: after}
	case http.StatusServiceUnavailable:
		return answer{throttled: true, after: after}
	}
	return answer{after: after}
}

// wait sleeps before the next attempt: Retry-After when the server sent
// one, else the back-off of attempt, charged to the budget.
func (c *Client) wait(ctx context.Context, r request, b *budget, attempt int, retry *retryable) error {
	d := retry.after
	if !retry.hasAfter {
		d = backoff(attempt)
	}
	if err := b.take(d, retry.err); err != nil {
		return err
	}
	c.stats.wait(retry.status, d)
	c.log.DebugContext(ctx, "graph request failed; retrying", "link", redacted(r.link),
		"attempt", attempt, "wait", d, "retry_after", retry.hasAfter, "error", retry.err.Error())
	return c.sleep(ctx, d)
}

// GetJSON fetches one resource at url into v, with the same token, retry
// and error rules as Round. header holds extra request headers, such as
// Prefer; it may be nil.
func (c *Client) GetJSON(ctx context.Context, url string, header http.Header, v any) error {
	r := request{link: url, header: cleanHeader(header, nil), decode: func(body io.Reader) error {
		return decodeBody(body, c.maxBody, v)
	}}
	if err := c.get(ctx, r, &budget{max: c.maxRetryWait}); err != nil {
		return fmt.Errorf("get %s: %w", Redact(url), err)
	}
	return nil
}
