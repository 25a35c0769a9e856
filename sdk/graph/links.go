package graph

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// linkGuard checks the links a round is told to follow: they must stay on
// the origin (scheme, host and port) the round started on, since the
// bearer token goes with them, and none may come twice.
type linkGuard struct {
	origin origin
	start  string
	// startURL is start parsed, for the first page's request.
	startURL *url.URL
	// seen holds the hashes of the start and of the nextLinks followed;
	// made at the first nextLink, since most rounds of an incremental
	// sync are one page and never need it.
	seen map[[sha256.Size]byte]struct{}
}

// newLinkGuard validates a round's first URL and remembers it.
func newLinkGuard(start string) (*linkGuard, error) {
	u, err := url.Parse(start)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("query URL %s is not an absolute URL", Redact(start))
	}
	if !strings.EqualFold(u.Scheme, "https") {
		return nil, fmt.Errorf("query URL %s: Graph is only called over https", Redact(start))
	}
	return &linkGuard{origin: originOf(u), start: start, startURL: u}, nil
}

// follow decides where a page leads: to next, or, for a delta round, to
// the end with deltaLink. A page with both links is not the end; a final
// deltaLink sent as a nextLink (the old beta quirk: $deltatoken and no
// $skiptoken) is. Ending there early is safe: the link resumes the sync.
// The next link comes with its parsed URL, for its request.
func (g *linkGuard) follow(env *envelope, delta bool) (next string, nextURL *url.URL, deltaLink string, err error) {
	if env.Value == nil {
		return "", nil, "", fmt.Errorf("%w: the page has no value array", ErrMalformed)
	}
	next = env.Next
	if delta && env.Delta == "" && next != "" && isDeltaLink(next) {
		next, deltaLink = "", env.Next
	} else if next == "" {
		deltaLink = env.Delta
	}
	switch {
	case next != "":
		nextURL, err = g.check(next, true)
		return next, nextURL, "", err
	case !delta:
		return "", nil, "", nil
	case deltaLink == "":
		return "", nil, "", fmt.Errorf("%w: the page has neither @odata.nextLink nor @odata.deltaLink", ErrMalformed)
	}
	_, err = g.check(deltaLink, false)
	return "", nil, deltaLink, err
}

// check refuses a link to another origin and, for nextLinks, a link
// already seen in this round; it returns the link parsed.
func (g *linkGuard) check(link string, isNext bool) (*url.URL, error) {
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%w: link %s is not an absolute URL", ErrMalformed, Redact(link))
	}
	if to := originOf(u); to != g.origin {
		what := "the page's @odata.deltaLink"
		if isNext {
			what = "the page's @odata.nextLink"
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, &refusedOrigin{what: what, from: g.origin, to: to})
	}
	if !isNext {
		return u, nil
	}
	if g.seen == nil {
		g.seen = map[[sha256.Size]byte]struct{}{sha256.Sum256([]byte(g.start)): {}}
	}
	h := sha256.Sum256([]byte(link))
	if _, ok := g.seen[h]; ok {
		return nil, fmt.Errorf("%w: nextLink %s came twice in one round", ErrLoop, Redact(link))
	}
	g.seen[h] = struct{}{}
	return u, nil
}

// isDeltaLink reports whether link carries a delta token and no skip token
// in its query (what follows the first "?", up to a "#", as url.Parse
// reads it; it runs for every round, so it does not parse the whole link).
func isDeltaLink(link string) bool {
	_, query, ok := strings.Cut(link, "?")
	if !ok {
		return false
	}
	query, _, _ = strings.Cut(query, "#")
	var delta, skip bool
	for _, pair := range strings.Split(query, "&") {
		key, _, _ := strings.Cut(pair, "=")
		key = strings.TrimPrefix(strings.ToLower(key), "$")
		delta = delta || key == "deltatoken"
		skip = skip || key == "skiptoken"
	}
	return delta && !skip
}

// location checks the Location of a *ResyncError (a 410 sync reset): it
// must be on the round's origin, or the stream fails with ErrForeignHost
// instead of restarting there. Any other error is returned as it is.
func (g *linkGuard) location(err error) error {
	var re *ResyncError
	if !errors.As(err, &re) || re.Location == "" {
		return err
	}
	u, perr := url.Parse(re.Location)
	if perr != nil || u.Host == "" {
		return fmt.Errorf("%w: graph answered %d with a Location that is not an absolute URL", ErrMalformed, re.Status)
	}
	if to := originOf(u); to != g.origin {
		return &refusedOrigin{what: fmt.Sprintf("the Location of Graph's %d sync reset", re.Status), from: g.origin, to: to}
	}
	return err
}
