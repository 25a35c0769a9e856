package graph

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// DefaultBatchSize is the most requests the Client sends together in one
// JSON batch (POST {version}/$batch): Graph's limit of 20.
const DefaultBatchSize = 20

// batchLinger is how long the first request of a batch waits for others
// to join it before the batch goes out, full or not. The requests batched
// are the first pages of incremental rounds, which many streams start at
// once; a lone request goes out alone after the linger.
const batchLinger = 2 * time.Millisecond

// probeLinger is how long a probe's batch (see batchJudge) waits to
// fill: a probe measures a batch of the size batching would send.
const probeLinger = 20 * time.Millisecond

// batcher gathers GETs that may go to Graph together in JSON batches
// (concepts/json-batching.md): up to size requests of one service root
// and bearer token in one POST {root}/$batch. Graph evaluates each
// request of a batch against its limits on its own and answers each with
// its own status, headers and body; the batcher hands each caller its
// answer as an *http.Response, so retries, throttling and the limits treat
// a batched request as they treat one sent alone. Whatever the batch as a
// whole answers other than its responses (a 429, a 503, a 401) is each
// caller's answer; a batch Graph refuses (400, 404, 405, 501) or an answer
// that cannot be read sends the requests alone instead.
type batcher struct {
	http    *http.Client
	size    int
	linger  time.Duration
	maxBody int64
	// bodyIdle is how long a batch's answer may send no byte before its
	// requests are answered as cut short (Options.BodyIdleTimeout).
	bodyIdle time.Duration
	// pages is the Client's page memory budget, which a batch's answer
	// draws on while it is read.
	pages *pageMemory
	// stats counts the batches sent, with the Client's other counts.
	stats *stats
	// judge decides whether batching pays, from the latencies seen.
	judge *batchJudge
	mu    sync.Mutex
	open  map[batchKey]*openBatch
	// refused is set once the server answered a batch 404, 405 or 501:
	// it has no JSON batching, and every request goes alone from then on.
	refused atomic.Bool
}

// batchKey is what the requests of one batch share: the service root
// (scheme, host and version segment, as the links spell them) and the
// Authorization header.
type batchKey struct{ root, bearer string }

// openBatch is a batch taking requests.
type openBatch struct {
	key   batchKey
	calls []*batchCall
	timer *time.Timer
}

// batchCall is one request waiting for its answer.
type batchCall struct {
	req  *http.Request // sent alone if the batch cannot carry it
	rel  string        // the link relative to the service root
	done chan batchAnswer
}

// batchAnswer is what a batchCall receives.
type batchAnswer struct {
	resp *http.Response
	err  error
	// size is the size of the batch whose answer carried it; 0: it went
	// alone.
	size int
	// sent is when its batch went out.
	sent time.Time
	// first: the batch's first request, the one whose answer shows the
	// judge the batch's latency.
	first bool
}

// newBatcher returns a batcher of size requests a batch sending with hc,
// or nil when size is 1 or less (every request goes alone).
func newBatcher(hc *http.Client, size int, maxBody int64, bodyIdle time.Duration, pages *pageMemory, st *stats) *batcher {
	if size <= 1 {
		return nil
	}
	return &batcher{http: hc, size: min(size, DefaultBatchSize), linger: batchLinger, maxBody: maxBody, bodyIdle: bodyIdle,
		pages: pages, stats: st, open: map[batchKey]*openBatch{},
		judge: newBatchJudge(time.Now, min(size, DefaultBatchSize))}
}

// do sends req, a GET of link, in a batch with others when link is
// batchable and the judge finds that batching pays, else alone; it returns
// the request's own answer and whether it came in a batch's answer (of two
// requests or more). A caller whose context ends stops waiting; the batch
// goes on for the others.
func (b *batcher) do(req *http.Request, link string) (*http.Response, bool, error) {
	root, rel, ok := splitServiceRoot(req.URL, link)
	if !ok || b.refused.Load() {
		resp, err := b.http.Do(req)
		return resp, false, err
	}
	sent := time.Now()
	batch, probe := b.judge.route()
	if !batch {
		resp, err := b.http.Do(req)
		b.observe(resp, err, sent, 0)
		return resp, false, err
	}
	linger := b.linger
	if probe {
		linger = probeLinger
	}
	call := &batchCall{req: req, rel: rel, done: make(chan batchAnswer, 1)}
	b.add(batchKey{root: root, bearer: req.Header.Get("Authorization")}, call, linger)
	select {
	case a := <-call.done:
		switch {
		case a.size <= 1:
			b.observe(a.resp, a.err, sent, 0)
		case a.first:
			// The judge weighs a batch once, as batching sends it: from
			// when it went out, plus the usual wait to fill (a probe's is
			// longer).
			b.observe(a.resp, a.err, a.sent.Add(-b.linger), a.size)
		}
		return a.resp, a.size > 1, a.err
	case <-req.Context().Done():
		return nil, false, context.Cause(req.Context())
	}
}

// observe shows the judge a successful answer's latency, and the size of
// the batch that carried it (0: alone).
func (b *batcher) observe(resp *http.Response, err error, sent time.Time, size int) {
	if err == nil && resp.StatusCode >= 200 && resp.StatusCode < 300 {
		b.judge.observe(time.Since(sent), size)
	}
}

// add puts call in its key's open batch, and sends the batch once full;
// the first call of a batch starts the linger after which it goes as it
// is.
func (b *batcher) add(key batchKey, call *batchCall, linger time.Duration) {
	b.mu.Lock()
	ob := b.open[key]
	if ob == nil {
		ob = &openBatch{key: key, calls: make([]*batchCall, 0, b.size)}
		b.open[key] = ob
		ob.timer = time.AfterFunc(linger, func() { b.flush(ob) })
	}
	ob.calls = append(ob.calls, call)
	full := len(ob.calls) == b.size
	if full {
		delete(b.open, key)
	}
	b.mu.Unlock()
	if full {
		ob.timer.Stop() // if it fired, flush finds the batch gone and leaves it to this send
		b.send(ob.key, ob.calls)
	}
}

// flush sends ob when its linger ends, unless it filled up meanwhile.
func (b *batcher) flush(ob *openBatch) {
	b.mu.Lock()
	if b.open[ob.key] != ob {
		b.mu.Unlock()
		return // full: add sends it
	}
	delete(b.open, ob.key)
	b.mu.Unlock()
	b.send(ob.key, ob.calls)
}

// send sends calls as one batch (a lone call goes as itself) and gives
// each its answer.
func (b *batcher) send(key batchKey, calls []*batchCall) {
	if len(calls) == 1 {
		b.alone(calls)
		return
	}
	batchCtx, cancel := batchContext(calls)
	defer cancel()
	ctx, abort := context.WithCancelCause(batchCtx)
	defer abort(nil)
	post, err := b.request(ctx, key, calls)
	if err != nil {
		b.alone(calls)
		return
	}
	b.stats.batch(len(calls))
	sent := time.Now()
	resp, err := b.http.Do(post)
	if err != nil {
		for _, c := range calls {
			c.done <- batchAnswer{err: err, size: len(calls), sent: sent}
		}
		return
	}
	resp.Body = newIdleBody(resp.Body, b.bodyIdle, abort)
	defer closeBody(resp.Body)
	// The answer's bytes come from the page memory budget, as a page's
	// do: 20 pages in one body, and a hostile server's answer up to the
	// body limit. They are given back once each request has its answer,
	// which its caller copies into a page buffer of its own.
	lease := b.pages.lease()
	defer lease.release()
	body, err := readBody(ctx, resp.Body, b.maxBody, nil, lease)
	switch {
	case errors.Is(err, ErrMalformed): // past the body limit
		b.alone(calls)
		return
	case err != nil:
		// Cut short or stalled: each request is retried as a lone one's
		// cut answer is (a transport failure).
		if errors.Is(context.Cause(ctx), errBodyStalled) {
			err = fmt.Errorf("%w: no bytes for %v", errBodyStalled, b.bodyIdle)
		}
		for _, c := range calls {
			c.done <- batchAnswer{err: fmt.Errorf("read batch answer: %w", err)}
		}
		return
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusFailedDependency:
		// 424 is the whole batch's status when one of its requests was
		// throttled, by Microsoft's throttling page; others report 200.
		// Either way each request has its own answer.
	case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
		b.refused.Store(true) // no batching at this server
		b.alone(calls)
		return
	case http.StatusBadRequest:
		b.alone(calls) // a batch Graph would not take: each request as itself
		return
	default:
		for _, c := range calls {
			c.done <- batchAnswer{resp: synthetic(c.req, resp.StatusCode, resp.Header.Clone(), body), size: len(calls), sent: sent, first: c == calls[0]}
		}
		return
	}
	answers, err := parseBatchAnswer(body)
	if err != nil {
		b.alone(calls)
		return
	}
	var unanswered []*batchCall
	for i, c := range calls {
		a, ok := answers[strconv.Itoa(i)]
		if !ok {
			unanswered = append(unanswered, c)
			continue
		}
		c.done <- batchAnswer{resp: synthetic(c.req, a.status, a.header, a.body), size: len(calls), sent: sent, first: i == 0}
	}
	b.alone(unanswered)
}

// alone sends each call's request by itself, concurrently.
func (b *batcher) alone(calls []*batchCall) {
	for _, c := range calls {
		go func() {
			resp, err := b.http.Do(c.req)
			c.done <- batchAnswer{resp: resp, err: err}
		}()
	}
}

// batchContext is the batch's context: it carries the first call's values
// and ends once every call's context has ended (no one waits any more).
func batchContext(calls []*batchCall) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(calls[0].req.Context()))
	var waiting atomic.Int64
	waiting.Store(int64(len(calls)))
	stops := make([]func() bool, 0, len(calls))
	for _, c := range calls {
		stops = append(stops, context.AfterFunc(c.req.Context(), func() {
			if waiting.Add(-1) == 0 {
				cancel()
			}
		}))
	}
	return ctx, func() {
		for _, stop := range stops {
			stop()
		}
		cancel()
	}
}

// batchBodySize is about the size of the batch's body, so that it is
// allocated once: its links and headers, with room for the JSON around
// them and a few escapes (a deltaLink's escapes are few; growing past it
// only copies).
func batchBodySize(calls []*batchCall) int {
	n := 64
	for _, c := range calls {
		n += len(c.rel) + 64
		for k, vs := range c.req.Header {
			if !batchWide(k) {
				n += len(k) + 8
				for _, v := range vs {
					n += len(v) + 2
				}
			}
		}
	}
	return n + n/16
}

// request builds the batch's POST: each call's GET by its index as id,
// with its headers other than those the POST carries for all. A link or
// header that is not valid UTF-8 fails it (the calls then go alone).
func (b *batcher) request(ctx context.Context, key batchKey, calls []*batchCall) (*http.Request, error) {
	var err error
	quote := func(body []byte, s string) []byte {
		if err == nil {
			body, err = jsontext.AppendQuote(body, s)
		}
		return body
	}
	body := make([]byte, 0, batchBodySize(calls))
	body = append(body, `{"requests":[`...)
	for i, c := range calls {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, `{"id":"`...)
		body = strconv.AppendInt(body, int64(i), 10)
		body = append(body, `","method":"GET","url":`...)
		body = quote(body, c.rel)
		first := true
		for k, vs := range c.req.Header {
			if batchWide(k) || len(vs) == 0 {
				continue
			}
			if first {
				body = append(body, `,"headers":{`...)
				first = false
			} else {
				body = append(body, ',')
			}
			body = quote(body, k)
			body = append(body, ':')
			body = quote(body, strings.Join(vs, ", "))
		}
		if !first {
			body = append(body, '}')
		}
		body = append(body, '}')
	}
	body = append(body, `]}`...)
	if err != nil {
		return nil, fmt.Errorf("batch request: %w", err)
	}
	post, err := http.NewRequestWithContext(ctx, http.MethodPost, key.root+"/$batch", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	post.Header = http.Header{"Authorization": {key.bearer}, "Content-Type": {"application/json"}}
	for _, k := range []string{"Accept", "User-Agent"} {
		if vs := calls[0].req.Header[k]; len(vs) > 0 {
			post.Header[k] = vs
		}
	}
	return post, nil
}

// batchWide reports whether header k is the batch's own (sent on the POST
// for all its requests) rather than a request's.
func batchWide(k string) bool {
	switch k {
	case "Authorization", "Accept", "User-Agent":
		return true
	}
	return false
}

// splitServiceRoot splits an https link, parsed as u, into its service
// root (scheme, host and Graph's version segment, v1.0 or beta:
// "https://graph.microsoft.com/v1.0") and the rest, which a batch carries
// as the request's url. Other links, or links with userinfo, are not
// batched.
func splitServiceRoot(u *url.URL, link string) (root, rel string, ok bool) {
	if u.Scheme != "https" || u.User != nil || u.Host == "" {
		return "", "", false
	}
	prefix := u.Scheme + "://" + u.Host + "/"
	if !strings.HasPrefix(link, prefix) {
		return "", "", false
	}
	version, _, found := strings.Cut(link[len(prefix):], "/")
	if !found || (version != "v1.0" && version != "beta") {
		return "", "", false
	}
	root = link[:len(prefix)+len(version)]
	return root, link[len(root):], true
}

// synthetic is the *http.Response a batched request receives.
func synthetic(req *http.Request, status int, header http.Header, body []byte) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{Status: strconv.Itoa(status) + " " + http.StatusText(status), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: header, Request: req,
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
}

// base64Body decodes a response body sent as a base64 string (Graph does
// so for bodies that are not JSON); a string that is not base64 is taken
// as it is.
func base64Body(s string) []byte {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b
		}
	}
	return []byte(s)
}
