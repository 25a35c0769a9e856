package graph_test

import (
	"context"
	"errors"
	"strings"
	"testing"

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

func TestTokensExpiringMidRoundAskForAResync(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 450})
	f := newFixture(t, srv, graph.Options{})
	_, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta"}, func(_ context.Context, p graph.Page) error {
		if p.Number == 1 {
			return srv.ExpireDeltaTokens("syncStateNotFound")
		}
		return nil
	})
	if !graph.IsResync(err) {
		t.Errorf("err = %v, want a resync when the skiptoken expires", err)
	}
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
