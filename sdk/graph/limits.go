package graph

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// DefaultMailboxConcurrency is Outlook's limit of concurrent requests per
// app and mailbox (GRAPH-DELTA.md §4).
const DefaultMailboxConcurrency = 4

// DefaultMailboxBudget requests per DefaultMailboxBudgetWindow is
// Outlook's request budget per app and mailbox (GRAPH-DELTA.md §4).
const (
	DefaultMailboxBudget       = 10_000
	DefaultMailboxBudgetWindow = 10 * time.Minute
)

// Limits bounds how hard a Client presses on Graph, across all the
// goroutines that share it. The zero value keeps Outlook's per-mailbox
// limits and sets no tenant-wide rate.
type Limits struct {
	// MailboxConcurrency is the most requests in flight per mailbox: a
	// request to /users/{id}/mailFolders…, /messages…, /contactFolders…,
	// /events… and the like waits for a free slot of its mailbox (keyed by
	// the {id} segment as written in the link). Default 4, Outlook's limit;
	// negative disables it.
	MailboxConcurrency int
	// MailboxBudget is the most requests the Client sends to one mailbox
	// (keyed as for MailboxConcurrency) in any MailboxBudgetWindow,
	// retries included. Requests are paced to stay under it rather than
	// throttled past it: a twentieth of the budget may go at once, the
	// rest is spread over the window, and 5% is kept in reserve (see
	// budgetPace); a mailbox that needs more requests than one window
	// allows goes on at that steady rate. Waiting for the pace is not a
	// retry and does not count against Options.MaxRetryWait. A 429 on a
	// mailbox empties its pace's burst. Default 10,000 per 10 minutes,
	// Outlook's budget; negative disables the pace.
	MailboxBudget int
	// MailboxBudgetWindow is the window of MailboxBudget (default 10m).
	MailboxBudgetWindow time.Duration
	// RequestsPerSecond is a tenant-wide ceiling on the requests the Client
	// sends, retries included. Zero or negative: no ceiling. Under it, the
	// rate adapts once Graph throttles (see Concurrency).
	RequestsPerSecond float64
	// Burst is how many requests may start at once under the ceiling
	// (default: a tenth of RequestsPerSecond, at least 1).
	Burst int
	// Concurrency bounds the requests in flight at once across the Client,
	// tenant-wide. Zero (the default) adapts it to Graph's answers:
	// starting at DefaultInitialConcurrency, it grows fourfold every round
	// trip while answers come back near the latency floor (the lowest
	// median latency of a quarter second's answers) and unthrottled, then by one per round trip; 429s (other than a
	// mailbox's own ApplicationThrottled) or 503s halve it and set the
	// request rate to 0.7 of what Graph served over the last second, which
	// then climbs back slowly. Positive: that many, fixed (the rate still
	// backs off on throttling). Negative: no bound.
	Concurrency int
	// MaxConcurrency is the most the adaptive Concurrency grows to
	// (default DefaultMaxConcurrency).
	MaxConcurrency int
	// BatchSize is the most requests sent together in one JSON batch
	// (POST {version}/$batch). Only the first request of a round that
	// starts from a stored deltaLink is batched: many streams start
	// their incremental rounds at once, and most such answers are one
	// small page. Each request of a batch still takes its own slot of the
	// limits above and gets its own answer, retried as if sent alone;
	// Graph counts it against its limits on its own. A request waits at
	// most 2 ms for others to join it. Batches go only while they pay: a
	// batch answers when its slowest request is done, and a judge
	// (batchJudge) sends requests alone while batched answers take much
	// longer than lone ones. Default (0) DefaultBatchSize, 20, Graph's
	// most; 1 or negative sends every request alone.
	BatchSize int
}

// batchSize is Limits.BatchSize with its default.
func batchSize(n int) int {
	if n == 0 {
		return DefaultBatchSize
	}
	return n
}

// limiter applies Limits and the shared back-off gate to each attempt.
type limiter struct {
	keys *keyLimiter // nil: no per-mailbox limit
	ctl  *controller // the tenant-wide concurrency and rate
	gate *gate
	now  func() time.Time
	// stats counts the waits at the gate; nil counts nothing.
	stats *stats
}

func newLimiter(l Limits) *limiter {
	lim := &limiter{gate: newGate(), now: time.Now}
	concurrency := l.MailboxConcurrency
	if concurrency == 0 {
		concurrency = DefaultMailboxConcurrency
	}
	budget, window := l.MailboxBudget, l.MailboxBudgetWindow
	if budget == 0 {
		budget = DefaultMailboxBudget
	}
	if window <= 0 {
		window = DefaultMailboxBudgetWindow
	}
	if p := budgetPace(budget, window); concurrency > 0 || p.every > 0 {
		lim.keys = newKeyLimiter(concurrency, p)
	}
	lim.ctl = newController(controllerConfig{concurrency: l.Concurrency, max: l.MaxConcurrency,
		requestsPerSec: l.RequestsPerSecond, burst: l.Burst}, time.Now)
	return lim
}

// WithLimits returns a Client that shares c's HTTP client, tokens and
// options but applies l, with its own back-off gate. Use one such Client
// for all the workers of a round so that they share the limits.
func (c *Client) WithLimits(l Limits) *Client {
	clone := *c
	clone.limits = newLimiter(l)
	clone.limits.stats = c.stats
	clone.batch = newBatcher(c.http, batchSize(l.BatchSize), c.maxBody, c.bodyIdle, c.pages, c.stats)
	return &clone
}

// WithPageMemory returns a Client that shares everything with c (HTTP
// client, tokens, options, limits and back-off) but holds its page bodies
// in a budget of its own of max bytes (see Options.PageMemory): for reads
// that other work waits for while holding c's page memory, such as the
// listing of users that decides whether the mailboxes started ahead of it
// may send what they read (sdk.Hold); behind them it could wait until the
// budget's safety valve (30 s).
func (c *Client) WithPageMemory(max int64) *Client {
	clone := *c
	clone.pages = newPageMemory(max)
	return &clone
}

// acquire readies one attempt at link: it waits out the back-off gate
// (unless own, the deadline this call set itself, already covers it), then
// for a slot of the link's mailbox and its pace, then for the tenant-wide
// rate and concurrency; if the gate closed meanwhile, it gives the slots
// back and waits again, so that no request queued before a Retry-After
// goes out during it. The returned func releases both slots and tells the
// limits what the answer was.
func (l *limiter) acquire(ctx context.Context, link string, own time.Time, sleep func(context.Context, time.Duration) error) (func(answer), error) {
	key := mailboxKey(link)
	for {
		if until, status := l.gate.heldBy(key, l.now()); until.After(own) {
			d := until.Sub(l.now())
			if l.stats != nil {
				l.stats.wait(status, d)
			}
			if err := sleep(ctx, d); err != nil {
				return nil, err
			}
			own = until // waited for: not again
		}
		release := func(answer) {}
		if key != "" && l.keys != nil {
			var err error
			if release, err = l.keys.acquire(ctx, key); err != nil {
				return nil, err
			}
		}
		sent, err := l.ctl.acquire(ctx)
		if err != nil {
			release(answer{})
			return nil, err
		}
		done := func(a answer) {
			release(a)
			a.sent = sent
			l.ctl.release(a)
		}
		if until := l.gate.deadline(key, l.now()); until.After(own) {
			done(answer{})
			continue
		}
		return done, nil
	}
}

// backOff closes the gate for after: a 429 ApplicationThrottled on a
// mailbox request holds that mailbox only (Outlook throttles per mailbox,
// and one mailbox's limit does not affect others); any other Retry-After
// (429 TooManyRequests, Graph's tenant-wide answer, even on a mailbox
// request; 503, 504) holds every request of the Client. It returns the
// deadline.
func (l *limiter) backOff(link string, a answer, after time.Duration) time.Time {
	scope := ""
	if a.mailboxThrottled {
		scope = mailboxKey(link)
		if scope != "" && l.keys != nil {
			l.keys.drain(scope)
		}
	}
	until := l.now().Add(after)
	l.gate.hold(scope, until, a.status)
	return until
}

// mailboxSegments are the path segments after /users/{id}/ that address a
// mailbox, lower-cased; a segment may carry a key, as in mailFolders('x').
var mailboxSegments = []string{"mailfolders", "messages", "contactfolders", "contacts", "events",
	"calendar", "calendars", "calendarview", "mailboxsettings", "outlook", "inferenceclassification"}

// mailboxKey returns the lower-cased {id} of a /users/{id}/<mailbox
// resource> link, or "" for requests that do not address a mailbox. It
// runs for every request: a link without escapes is read in place,
// others through url.Parse.
func mailboxKey(link string) string {
	path, ok := plainPath(link)
	if !ok {
		u, err := url.Parse(link)
		if err != nil {
			return ""
		}
		path = u.Path
	}
	path = strings.Trim(path, "/")
	for path != "" {
		seg, rest, _ := strings.Cut(path, "/")
		path = rest
		if !strings.EqualFold(seg, "users") {
			continue
		}
		id, rest, _ := strings.Cut(rest, "/")
		next, _, _ := strings.Cut(rest, "/")
		if id != "" && next != "" && isMailboxSegment(next) {
			return strings.ToLower(id)
		}
	}
	return ""
}

// isMailboxSegment reports whether seg is one of mailboxSegments, in any
// case, or one of them with a key, as in mailFolders('x').
func isMailboxSegment(seg string) bool {
	for _, s := range mailboxSegments {
		if strings.EqualFold(seg, s) || (len(seg) > len(s) && seg[len(s)] == '(' && strings.EqualFold(seg[:len(s)], s)) {
			return true
		}
	}
	return false
}

// plainPath returns the path of an absolute http(s) link whose host is
// followed by its path and whose path holds only characters url.Parse
// keeps as they are (no escapes, spaces or controls); ok is false for
// any other link.
func plainPath(link string) (path string, ok bool) {
	rest, ok := strings.CutPrefix(link, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(link, "http://"); !ok {
			return "", false
		}
	}
	i := strings.IndexAny(rest, "/?#")
	if i < 0 || rest[i] != '/' {
		return "", false
	}
	path = rest[i:]
	if j := strings.IndexAny(path, "?#"); j >= 0 {
		path = path[:j]
	}
	for k := 0; k < len(path); k++ {
		if c := path[k]; c == '%' || c <= ' ' || c >= 0x7f {
			return "", false
		}
	}
	return path, true
}

// Concurrency is how many requests the Client's limits let be in flight
// at once right now, tenant-wide: the adaptive limit as it stands (see
// Limits.Concurrency), the fixed one, or math.MaxInt when there is none.
// A caller that starts work per mailbox can size its pool by it.
func (c *Client) Concurrency() int { return c.limits.ctl.concurrency() }
