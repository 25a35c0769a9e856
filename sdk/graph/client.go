package graph

import (
	"context"
	"hash/maphash"
	"log/slog"
	"net/http"
	"time"
)

// Defaults applied by New to zero Options fields.
const (
	defaultMaxAttempts  = 8
	defaultMaxRetryWait = 10 * time.Minute
	defaultMaxPages     = 1_000_000
	defaultMaxBody      = 256 << 20
	defaultUserAgent    = "graphlake-graph/1"
)

// Options configures a Client. Only Tokens is required.
type Options struct {
	// HTTPClient sends the requests. Default: a client with dial, TLS
	// handshake and response-header timeouts, but no overall timeout, since
	// a large page may take a while to stream. New uses a copy whose
	// redirects stay within the request's origin (scheme, host and port);
	// any other redirect fails the request with ErrForeignHost.
	HTTPClient *http.Client
	// Tokens supplies bearer tokens. Required.
	Tokens TokenSource
	// Logger receives one debug record per page and per retry, with links
	// redacted. Default: discard.
	Logger *slog.Logger
	// MaxAttempts bounds the attempts of one request, retries included
	// (default 8). A refresh after a 401 does not count.
	MaxAttempts int
	// MaxRetryWait caps the total time spent waiting between retries within
	// one Round, List or GetJSON call (default 10m). A wait that would
	// exceed it fails the call with an error wrapping ErrRetryBudget.
	MaxRetryWait time.Duration
	// MaxPages is the most pages one Round or List may read (default
	// 1,000,000); past it the call fails with an error wrapping ErrLoop.
	MaxPages int
	// UserAgent is sent on every request (default "graphlake-graph/1").
	UserAgent string
	// Limits bounds concurrency per mailbox and the request rate, and
	// scopes the shared back-off (see Limits; WithLimits changes them).
	Limits Limits
	// BodyIdleTimeout is how long a response body may send no byte at all
	// before the attempt is abandoned and retried like a body cut short,
	// within MaxAttempts and MaxRetryWait (default 1m). It bounds silence,
	// not the time a large page takes to stream.
	BodyIdleTimeout time.Duration
	// PageMemory bounds the bytes of page bodies held at once by all the
	// Rounds and Lists of this Client and of the Clients WithLimits
	// derives from it (default DefaultPageMemory, 512 MiB; a page body
	// may be up to 256 MiB). A page that would pass it waits for others,
	// first come first served; when every page holding memory is itself
	// waiting, or after 30s, the longest waiter proceeds past the budget,
	// so a body larger than the whole budget still proceeds, alone.
	PageMemory int64
}

// Client reads Graph collections and delta queries. It is safe for
// concurrent use; each Round, List or GetJSON call has its own retry budget.
type Client struct {
	http         *http.Client
	tokens       *tokenCache
	log          *slog.Logger
	maxAttempts  int
	maxRetryWait time.Duration
	maxPages     int
	maxBody      int64
	bodyIdle     time.Duration
	userAgent    string
	// fixedHeader holds the headers every request sends with the same
	// value (Accept, User-Agent); requests share its value slices, which
	// nothing changes.
	fixedHeader http.Header
	limits      *limiter
	// batch sends the first pages of incremental rounds in JSON batches;
	// nil sends every request alone (Limits.BatchSize).
	batch *batcher
	pages *pageMemory
	// stats counts requests and waits, shared with WithLimits' Clients.
	stats *stats
	// pageSeed seeds the repeated-page detector's hashes (pageRepeats):
	// made once here rather than for every round of every stream.
	pageSeed maphash.Seed
	// sleep waits d or until ctx is done; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

// New returns a Client for opts, filling in defaults. It panics if
// opts.Tokens is nil, which is a programming error.
func New(opts Options) *Client {
	if opts.Tokens == nil {
		panic("graph.New: Options.Tokens is required")
	}
	c := &Client{http: opts.HTTPClient, tokens: newTokenCache(opts.Tokens), log: opts.Logger,
		maxAttempts: opts.MaxAttempts, maxRetryWait: opts.MaxRetryWait, maxPages: opts.MaxPages,
		maxBody: defaultMaxBody, userAgent: opts.UserAgent, limits: newLimiter(opts.Limits), pages: newPageMemory(opts.PageMemory),
		stats: newStats(), pageSeed: maphash.MakeSeed(), sleep: sleepContext}
	c.limits.stats = c.stats
	if c.http == nil {
		c.http = defaultHTTPClient()
	}
	c.http = guardRedirects(c.http)
	if c.bodyIdle = opts.BodyIdleTimeout; c.bodyIdle <= 0 {
		c.bodyIdle = defaultBodyIdleTimeout
	}
	c.batch = newBatcher(c.http, batchSize(opts.Limits.BatchSize), c.maxBody, c.bodyIdle, c.pages, c.stats)
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.maxAttempts <= 0 {
		c.maxAttempts = defaultMaxAttempts
	}
	if c.maxRetryWait <= 0 {
		c.maxRetryWait = defaultMaxRetryWait
	}
	if c.maxPages <= 0 {
		c.maxPages = defaultMaxPages
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	c.fixedHeader = http.Header{"Accept": {"application/json"}, "User-Agent": {c.userAgent}}
	return c
}

// defaultHTTPClient trusts the system roots only.
func defaultHTTPClient() *http.Client {
	c, _ := NewHTTPClient(nil) // no PEM to parse: cannot fail
	return c
}
