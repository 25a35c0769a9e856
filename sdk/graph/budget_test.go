package graph_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestRetryLimits(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 12, Users: 10})
	start := graph.Query{URL: srv.GraphURL() + "/users/delta"}
	t.Run("waits beyond MaxRetryWait fail the round with ErrRetryBudget", func(t *testing.T) {
		f := newFixture(t, srv, graph.Options{MaxRetryWait: 5 * time.Second})
		f.faults(t, graphtest.FaultRule{Kind: "throttle", RetryAfter: seconds(2)})
		_, err := f.client.Round(t.Context(), start, (&collector{}).add)
		var api *graph.APIError
		if !errors.Is(err, graph.ErrRetryBudget) || !errors.As(err, &api) || api.Status != 429 {
			t.Errorf("err = %v, want ErrRetryBudget wrapping the 429", err)
		}
		if diff := cmp.Diff([]time.Duration{2 * time.Second, 2 * time.Second}, f.sleeps.all()); diff != "" {
			t.Errorf("waits (-want +got):\n%s", diff)
		}
	})
	t.Run("MaxAttempts bounds the attempts of one request", func(t *testing.T) {
		f := newFixture(t, srv, graph.Options{MaxAttempts: 3})
		f.faults(t, graphtest.FaultRule{Kind: "gateway_timeout"})
		before := srv.RequestCounts()["graph"]
		_, err := f.client.Round(t.Context(), start, (&collector{}).add)
		var api *graph.APIError
		if !errors.As(err, &api) || api.Status != 504 || errors.Is(err, graph.ErrRetryBudget) {
			t.Errorf("err = %v, want the last 504", err)
		}
		if n := srv.RequestCounts()["graph"] - before; n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
	})
	t.Run("errors Graph will repeat are not retried", func(t *testing.T) {
		f := newFixture(t, srv, graph.Options{})
		f.faults(t, graphtest.FaultRule{Kind: "forbidden", Code: "Authorization_RequestDenied"})
		_, err := f.client.Round(t.Context(), start, (&collector{}).add)
		var api *graph.APIError
		if !errors.As(err, &api) || api.Status != 403 || api.Code != "Authorization_RequestDenied" || len(f.sleeps.all()) != 0 {
			t.Errorf("err = %v after %d waits, want a 403 at once", err, len(f.sleeps.all()))
		}
	})
	t.Run("cancelling the context ends a wait at once", func(t *testing.T) {
		f := newFixture(t, srv, graph.Options{})
		f.client = graph.New(graph.Options{HTTPClient: srv.Client(), Tokens: f.tokens}) // real waits
		f.faults(t, graphtest.FaultRule{Kind: "throttle", RetryAfter: seconds(30)})
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		began := time.Now()
		_, err := f.client.Round(ctx, start, (&collector{}).add)
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(began) > 5*time.Second {
			t.Errorf("err = %v after %v, want the context's deadline promptly", err, time.Since(began))
		}
	})
}

func TestCallbackErrorAbortsTheRound(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 13, Users: 450})
	f := newFixture(t, srv, graph.Options{})
	stop := errors.New("sink full")
	pages := 0
	link, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta"}, func(context.Context, graph.Page) error {
		pages++
		return stop
	})
	if !errors.Is(err, stop) || pages != 1 || link != "" {
		t.Errorf("Round = %q, %v after %d pages; want the callback's error after 1", link, err, pages)
	}
}
