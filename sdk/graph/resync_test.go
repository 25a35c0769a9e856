package graph_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestExpiredTokensAskForAResync(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 6, Users: 450, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 3})
	f := newFixture(t, srv, graph.Options{})
	users := srv.GraphURL() + "/users/delta?$select=displayName"
	mail := srv.GraphURL() + "/users/" + srv.Tenant().MailboxIDs()[0] + "/mailFolders/inbox/messages/delta?$select=subject"
	tests := []struct {
		name, start, mode string
		status            int
		code              string
	}{
		{"an expired directory token is 400 syncStateNotFound", users, "syncStateNotFound", 400, "syncStateNotFound"},
		{"an invalid directory token is 400 syncStateInvalid", users, "syncStateInvalid", 400, "syncStateInvalid"},
		{"an evicted Outlook token is 410 SyncStateNotFound", mail, "syncStateNotFound", 410, "SyncStateNotFound"},
		{"an invalid Outlook token is 410 SyncStateInvalid", mail, "syncStateInvalid", 410, "SyncStateInvalid"},
		{"a token that must be reset is 410 resyncRequired", users, "resyncRequired", 410, "resyncRequired"},
		{"a tenant-level reset is 410 with a Location", users, "location", 410, "syncReset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			link, err := f.client.Round(t.Context(), graph.Query{URL: tt.start}, (&collector{}).add)
			if err != nil {
				t.Fatalf("initial round: %v", err)
			}
			if err := srv.ExpireDeltaTokens(tt.mode); err != nil {
				t.Fatal(err)
			}
			_, err = f.client.Round(t.Context(), graph.Query{URL: link}, (&collector{}).add)
			var re *graph.ResyncError
			if !graph.IsResync(err) || !errors.As(err, &re) || re.Status != tt.status || re.Code != tt.code {
				t.Fatalf("err = %v, want a ResyncError %d %s", err, tt.status, tt.code)
			}
			if tt.mode != "location" {
				return
			}
			if !strings.HasPrefix(re.Location, srv.GraphURL()+"/users/delta?") || !strings.HasSuffix(re.Location, "$deltatoken=") {
				t.Errorf("Location = %q; want the users restart URL with an empty $deltatoken", re.Location)
			}
			var again collector
			if _, err := f.client.Round(t.Context(), graph.Query{URL: re.Location}, again.add); err != nil || len(again.set()) != 450 {
				t.Errorf("a full round from Location: %d users, %v; want 450", len(again.set()), err)
			}
		})
	}
}

// TestTokensExpiringMidRoundAskForAResync expires every token while the
// first page is handled. The client has already fetched the second page
// (it reads one page ahead), so the test waits until that page's body is
// read: its nextLink was then issued before the expiry, and the third
// page's request must come back as a resync. Expiring while the second
// page is being served could let its nextLink be issued just after the
// expiry, and valid.
func TestTokensExpiringMidRoundAskForAResync(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 450})
	read := make(chan struct{}, 8) // one per body read to its end
	client := srv.Client()
	client.Transport = bodyReadSignal{next: client.Transport, read: read}
	f := newFixture(t, srv, graph.Options{HTTPClient: client})
	_, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta"}, func(_ context.Context, p graph.Page) error {
		if p.Number != 1 {
			return nil
		}
		for range 2 { // the first page's body, then the second's
			select {
			case <-read:
			case <-time.After(10 * time.Second):
				return errors.New("the second page was not fetched ahead")
			}
		}
		return srv.ExpireDeltaTokens("syncStateNotFound")
	})
	if !graph.IsResync(err) {
		t.Errorf("err = %v, want a resync when the skiptoken expires", err)
	}
}

// bodyReadSignal is a transport that signals on read each time a response
// body has been read to its end.
type bodyReadSignal struct {
	next http.RoundTripper
	read chan<- struct{}
}

func (b bodyReadSignal) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := b.next.RoundTrip(req)
	if err == nil {
		resp.Body = &signalAtEOF{ReadCloser: resp.Body, read: b.read}
	}
	return resp, err
}

// signalAtEOF signals once when its body returns io.EOF.
type signalAtEOF struct {
	io.ReadCloser
	read chan<- struct{}
	done bool
}

func (s *signalAtEOF) Read(p []byte) (int, error) {
	n, err := s.ReadCloser.Read(p)
	if err == io.EOF && !s.done {
		s.done = true
		s.read <- struct{}{}
	}
	return n, err
}

func TestATamperedTokenIsNotAResync(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 8, Users: 5})
	f := newFixture(t, srv, graph.Options{})
	link, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta"}, (&collector{}).add)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.client.Round(t.Context(), graph.Query{URL: link + "x"}, (&collector{}).add)
	var api *graph.APIError
	if graph.IsResync(err) || !errors.As(err, &api) || api.Status != 400 || api.Code != "Request_BadRequest" {
		t.Errorf("err = %v, want a 400 Request_BadRequest APIError, not a resync", err)
	}
	if api != nil && (api.RequestID == "" || strings.Contains(api.URL, link)) {
		t.Errorf("APIError = %+v; want a request id and a redacted URL", api)
	}
}
