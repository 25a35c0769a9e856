package graph_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// fixedTokens returns the same token with an expiry relative to now.
type fixedTokens struct {
	src   graph.TokenSource // where real tokens come from; nil: token
	token string
	ttl   time.Duration // 0: no expiry given
	err   error
	calls int
}

func (f *fixedTokens) Token(ctx context.Context) (string, time.Time, error) {
	f.calls++
	tok := f.token
	if f.src != nil {
		tok, _, _ = f.src.Token(ctx)
	}
	var exp time.Time
	if f.ttl != 0 {
		exp = time.Now().Add(f.ttl)
	}
	return tok, exp, f.err
}

func TestAccessTokens(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 9, Users: 450})
	start := graph.Query{URL: srv.GraphURL() + "/users/delta?$select=displayName"}
	cacheTests := []struct {
		name      string
		ttl       time.Duration
		wantCalls int
	}{
		{"a token valid for an hour is fetched once per round", time.Hour, 1},
		{"a token expiring within two minutes is fetched for every page", 119 * time.Second, 3},
		{"a token without an expiry is fetched for every page", 0, 3},
	}
	for _, tt := range cacheTests {
		t.Run(tt.name, func(t *testing.T) {
			src := &fixedTokens{src: &emulatorTokens{srv: srv}, ttl: tt.ttl}
			c := graph.New(graph.Options{HTTPClient: srv.Client(), Tokens: src})
			if _, err := c.Round(t.Context(), start, (&collector{}).add); err != nil || src.calls != tt.wantCalls {
				t.Errorf("Round: %v; token source asked %d times, want %d", err, src.calls, tt.wantCalls)
			}
		})
	}
	t.Run("tokens revoked mid-round are refreshed once and the round goes on", func(t *testing.T) {
		f := newFixture(t, srv, graph.Options{})
		before := srv.RequestCounts()["unauthorized"]
		var got collector
		_, err := f.client.Round(t.Context(), start, func(ctx context.Context, p graph.Page) error {
			if p.Number == 1 {
				srv.RevokeAccessTokens()
			}
			return got.add(ctx, p)
		})
		if err != nil || len(got.set()) != 450 {
			t.Fatalf("Round: %d users, %v; want 450", len(got.set()), err)
		}
		if calls, refused := f.tokens.calls.Load(), srv.RequestCounts()["unauthorized"]-before; calls != 2 || refused != 1 {
			t.Errorf("%d token fetches and %d refused requests, want 2 and 1", calls, refused)
		}
	})
	t.Run("a token refused twice is an APIError", func(t *testing.T) {
		src := &fixedTokens{token: "not-a-token", ttl: time.Hour}
		c := graph.New(graph.Options{HTTPClient: srv.Client(), Tokens: src})
		before := srv.RequestCounts()["unauthorized"]
		_, err := c.Round(t.Context(), start, (&collector{}).add)
		var api *graph.APIError
		if !errors.As(err, &api) || api.Status != 401 || api.Code != "InvalidAuthenticationToken" {
			t.Fatalf("err = %v, want a 401 InvalidAuthenticationToken APIError", err)
		}
		if refused := srv.RequestCounts()["unauthorized"] - before; src.calls != 2 || refused != 2 {
			t.Errorf("%d token fetches and %d refused requests, want 2 and 2", src.calls, refused)
		}
	})
	t.Run("a token source failure is returned", func(t *testing.T) {
		boom := errors.New("broker down")
		c := graph.New(graph.Options{HTTPClient: srv.Client(), Tokens: &fixedTokens{err: boom}})
		if _, err := c.Round(t.Context(), start, (&collector{}).add); !errors.Is(err, boom) {
			t.Errorf("err = %v, want the token source's error", err)
		}
	})
}
