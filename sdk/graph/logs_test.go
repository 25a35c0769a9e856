package graph_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestLogsAndErrorsNeverCarryTokens(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 14, Users: 450})
	hc, rec := recording(srv)
	var logs bytes.Buffer
	f := newFixture(t, srv, graph.Options{HTTPClient: hc, Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	f.faults(t, graphtest.FaultRule{Kind: "throttle", Every: 3, RetryAfter: seconds(0.1)},
		graphtest.FaultRule{Kind: "cut", Every: 4}, graphtest.FaultRule{Kind: "both_links", Times: 1})
	var errs []string
	link, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta"}, func(_ context.Context, p graph.Page) error {
		if p.Number == 2 {
			srv.RevokeAccessTokens()
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Round: %v", err)
	}
	_, err = f.client.Round(t.Context(), graph.Query{URL: link + "tampered"}, (&collector{}).add)
	errs = append(errs, err.Error())
	if err := srv.ExpireDeltaTokens("location"); err != nil {
		t.Fatal(err)
	}
	_, err = f.client.Round(t.Context(), graph.Query{URL: link}, (&collector{}).add)
	errs = append(errs, err.Error())

	secrets := secretsSent(rec)
	if len(secrets) < 4 {
		t.Fatalf("only %d secrets were sent; the test is not exercising the client", len(secrets))
	}
	out := logs.String() + "\n" + strings.Join(errs, "\n")
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("logs or errors contain the secret %q", s)
		}
	}
	for _, want := range []string{"graph page", "sha256:", "retrying", "refreshing"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs.String())
		}
	}
}

// secretsSent lists the bearer tokens and the sync tokens of every request.
func secretsSent(rec *recorder) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if len(s) >= 8 && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, r := range rec.requests() {
		add(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		q, _ := url.ParseQuery(r.URL.RawQuery)
		for _, k := range []string{"$skiptoken", "$deltatoken"} {
			add(q.Get(k))
			add(url.QueryEscape(q.Get(k)))
		}
	}
	return out
}
