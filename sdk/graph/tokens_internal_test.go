package graph

import (
	"context"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// fixedTokens hands out one token, valid for an hour.
type fixedTokens struct{ tok string }

func (f fixedTokens) Token(context.Context) (string, time.Time, error) {
	return f.tok, time.Now().Add(time.Hour), nil
}

// TestTokenCacheBuildsTheHeaderOnce: requests with a cached token share
// one Authorization header value rather than building "Bearer <token>"
// (over a kilobyte) each; a dropped token's value is built afresh.
func TestTokenCacheBuildsTheHeaderOnce(t *testing.T) {
	tok := strings.Repeat("t", 1500)
	c := newTokenCache(fixedTokens{tok: tok})
	var headers []string
	for range 3 {
		got, bearer, err := c.get(context.Background())
		if err != nil || got != tok || bearer != "Bearer "+tok {
			t.Fatalf("get = %.12q…, %.12q…, %v; want the token and its Bearer header", got, bearer, err)
		}
		headers = append(headers, bearer)
	}
	if unsafe.StringData(headers[0]) != unsafe.StringData(headers[2]) {
		t.Errorf("each request built its own Authorization header value")
	}
	c.drop(tok)
	_, bearer, err := c.get(context.Background())
	if err != nil || bearer != "Bearer "+tok || unsafe.StringData(bearer) == unsafe.StringData(headers[0]) {
		t.Errorf("after drop: %.12q…, %v; want a new header value", bearer, err)
	}
}
