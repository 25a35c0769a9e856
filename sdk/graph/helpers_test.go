package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// emulatorTokens gets tokens from the emulator's token endpoint with a
// plain client-credentials POST, as the host's broker would.
type emulatorTokens struct {
	srv   *graphtest.Server
	calls atomic.Int64
}

func (e *emulatorTokens) Token(ctx context.Context) (string, time.Time, error) {
	e.calls.Add(1)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {e.srv.ClientID()},
		"client_secret": {e.srv.ClientSecret()}, "scope": {"https://graph.microsoft.com/.default"}}
	resp, err := e.srv.Client().PostForm(e.srv.URL+"/"+e.srv.TenantID()+"/oauth2/v2.0/token", form)
	if err != nil {
		return "", time.Time{}, err
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != 200 {
		return "", time.Time{}, fmt.Errorf("token endpoint: status %d, %v", resp.StatusCode, err)
	}
	return tok.AccessToken, time.Now().Add(time.Duration(tok.ExpiresIn) * time.Second), nil
}

// sleeps records the waits a client asked for without waiting.
type sleeps struct {
	mu  sync.Mutex
	got []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.got = append(s.got, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.got...)
}

// fixture is a client against one emulator, with its token source and
// recorded waits.
type fixture struct {
	srv    *graphtest.Server
	client *graph.Client
	tokens *emulatorTokens
	sleeps *sleeps
}

func newFixture(t *testing.T, srv *graphtest.Server, opts graph.Options) *fixture {
	t.Helper()
	f := &fixture{srv: srv, tokens: &emulatorTokens{srv: srv}, sleeps: &sleeps{}}
	if opts.HTTPClient == nil {
		opts.HTTPClient = srv.Client()
	}
	opts.Tokens = f.tokens
	f.client = graph.New(opts)
	graph.SetSleep(f.client, f.sleeps.sleep)
	return f
}

// faults sets fault rules for the rest of the test.
func (f *fixture) faults(t *testing.T, rules ...graphtest.FaultRule) {
	t.Helper()
	if err := f.srv.SetFaults(graphtest.FaultConfig{Seed: 1, Rules: rules}); err != nil {
		t.Fatalf("set faults: %v", err)
	}
	t.Cleanup(f.srv.ClearFaults)
}

// collector gathers the pages of a round.
type collector struct {
	pages []graph.Page
	ids   []string
}

func (c *collector) add(_ context.Context, p graph.Page) error {
	c.pages = append(c.pages, p)
	for _, raw := range p.Items {
		var item struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &item); err != nil {
			return err
		}
		c.ids = append(c.ids, item.ID)
	}
	return nil
}

// set returns the distinct ids collected.
func (c *collector) set() map[string]bool {
	out := map[string]bool{}
	for _, id := range c.ids {
		out[id] = true
	}
	return out
}

// truth returns the ids of a ground-truth table of the emulator.
func truth(t *testing.T, srv *graphtest.Server, table string) map[string]bool {
	t.Helper()
	var buf bytes.Buffer
	if err := srv.Tenant().WriteState(&buf, table); err != nil {
		t.Fatalf("read state %s: %v", table, err)
	}
	out := map[string]bool{}
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var row struct {
			ID string `json:"id"`
		}
		if err := dec.Decode(&row); err != nil {
			t.Fatalf("decode state %s: %v", table, err)
		}
		out[row.ID] = true
	}
	return out
}

func seconds(f float64) *float64 { return &f }
