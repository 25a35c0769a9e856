package graph

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// TokenSource supplies bearer tokens for Graph. Implemented by the plugin
// side of the host's token broker.
type TokenSource interface {
	// Token returns an access token and when it expires. A zero expiresOn
	// means unknown: the token is used for one request and not cached.
	Token(ctx context.Context) (token string, expiresOn time.Time, err error)
}

// tokenRefreshMargin is how long before expiry a cached token is replaced.
const tokenRefreshMargin = 2 * time.Minute

// tokenCache keeps the last token until tokenRefreshMargin before it
// expires, or until a request reports it rejected.
type tokenCache struct {
	src TokenSource
	now func() time.Time

	mu      sync.Mutex
	token   string
	expires time.Time
	// bearer is the cached token's Authorization header value, built
	// once rather than for every request (a token is over a kilobyte).
	bearer string
}

func newTokenCache(src TokenSource) *tokenCache {
	return &tokenCache{src: src, now: time.Now}
}

// get returns a usable token and its Authorization header value
// ("Bearer " and the token), asking the source when none is cached. The
// lock is held while asking, so concurrent requests share one refresh.
func (t *tokenCache) get(ctx context.Context) (tok, bearer string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && t.now().Before(t.expires.Add(-tokenRefreshMargin)) {
		return t.token, t.bearer, nil
	}
	t.token, t.bearer = "", ""
	tok, exp, err := t.src.Token(ctx)
	if err != nil {
		return "", "", fmt.Errorf("get access token: %w", err)
	}
	if tok == "" {
		return "", "", errors.New("get access token: the token source returned an empty token")
	}
	bearer = "Bearer " + tok
	if t.now().Before(exp.Add(-tokenRefreshMargin)) {
		t.token, t.expires, t.bearer = tok, exp, bearer
	}
	return tok, bearer, nil
}

// drop forgets tok if it is still the cached token, after Graph refused it.
func (t *tokenCache) drop(tok string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token == tok {
		t.token, t.bearer = "", ""
	}
}
