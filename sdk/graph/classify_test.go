package graph_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestTransientServerErrorsAreRetried(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
	}{
		{"500 UnknownError", http.StatusInternalServerError, `{"error":{"code":"UnknownError","message":"IO error during request payload read"}}`},
		{"500 without a body", http.StatusInternalServerError, ``},
		{"502 Bad Gateway", http.StatusBadGateway, `<html>bad gateway</html>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, base, n, waits := scripted(t, graph.Options{}, func(w http.ResponseWriter, _ *http.Request, n int, base string) {
				if n <= 2 {
					w.WriteHeader(tt.status)
					_, _ = w.Write([]byte(tt.body))
					return
				}
				_, _ = w.Write([]byte(`{"value":[{"id":"a"}],"@odata.deltaLink":"` + base + `/users/delta?$deltatoken=d"}`))
			})
			var got collector
			if _, err := c.Round(t.Context(), graph.Query{URL: base + "/users/delta"}, got.add); err != nil {
				t.Fatalf("Round: %v", err)
			}
			if n.Load() != 3 || len(waits.all()) != 2 || len(got.ids) != 1 {
				t.Errorf("%d requests, %d waits, %d items; want 3 requests, 2 back-offs, 1 item", n.Load(), len(waits.all()), len(got.ids))
			}
		})
	}
}

func TestResyncCodes(t *testing.T) {
	const deltaLink = "/me/mailFolders/inbox/messages/delta?$deltatoken=x"
	const refused = "Parameter 'DeltaToken' not supported for this request."
	tests := []struct {
		name       string
		status     int
		code       string
		message    string
		link       string // the request's link after the service root; deltaLink when empty
		wantResync bool
	}{
		{"Outlook ErrorInvalidSyncStateData is a resync", 400, "ErrorInvalidSyncStateData", "m", "", true},
		{"its casing does not matter", 400, "errorinvalidsyncstatedata", "m", "", true},
		{"directory syncStateNotFound", 400, "syncStateNotFound", "m", "", true},
		{"Outlook SyncStateNotFound", 410, "SyncStateNotFound", "m", "", true},
		{"a delta token Graph will not take is a resync", 400, "BadRequest", refused, "", true},
		{"so is the same message in another casing", 400, "badRequest", "parameter 'deltatoken' not supported for this request", "", true},
		{"on a nextLink it stays a failure of the stream", 400, "BadRequest", refused, "/me/mailFolders/inbox/messages/delta?$skiptoken=y", false},
		{"on a first request it stays a failure of the stream", 400, "BadRequest", refused, "/me/mailFolders/inbox/messages/delta?$select=subject", false},
		{"another bad request is not", 400, "BadRequest", "Parameter '$top' not supported for this request.", "", false},
		{"the message on a 403 is not", 403, "ErrorAccessDenied", refused, "", false},
		{"a directory token Graph cannot read is not", 400, "Request_BadRequest", "m", "", false},
		{"an unsupported query is not", 501, "NotImplemented", "m", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, base, n, _ := scripted(t, graph.Options{}, func(w http.ResponseWriter, _ *http.Request, _ int, _ string) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(`{"error":{"code":"` + tt.code + `","message":"` + tt.message + `"}}`))
			})
			link := tt.link
			if link == "" {
				link = deltaLink
			}
			_, err := c.Round(t.Context(), graph.Query{URL: base + link}, (&collector{}).add)
			var api *graph.APIError
			if got := graph.IsResync(err); got != tt.wantResync || (!got && !errors.As(err, &api)) || n.Load() != 1 {
				t.Errorf("err = %v after %d requests; want resync %v after 1", err, n.Load(), tt.wantResync)
			}
		})
	}
}

func TestAnUntrackedPropertyNamesItselfAndTheFix(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 9, Users: 3})
	f := newFixture(t, srv, graph.Options{})
	_, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta?$select=displayName,skills"}, (&collector{}).add)
	var api *graph.APIError
	if !errors.As(err, &api) || api.Status != http.StatusBadRequest {
		t.Fatalf("err = %v, want a 400 APIError", err)
	}
	if want := "delta queries do not track skills: remove it from the source's select"; !strings.HasSuffix(err.Error(), want) {
		t.Errorf("err = %v\nwant it to end with %q", err, want)
	}

	// The overview's older text: 501 NotImplemented naming the property.
	c, base, _, _ := scripted(t, graph.Options{}, func(w http.ResponseWriter, _ *http.Request, _ int, _ string) {
		w.WriteHeader(http.StatusNotImplemented)
		_, _ = w.Write([]byte(`{"error":{"code":"NotImplemented","message":"Change tracking is not supported for property 'aboutMe'."}}`))
	})
	_, err = c.Round(t.Context(), graph.Query{URL: base + "/users/delta?$select=aboutMe"}, (&collector{}).add)
	if want := "delta queries do not track aboutMe: remove it from the source's select"; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("err = %v\nwant it to end with %q", err, want)
	}
}

func TestARoundSurvivesGraphsTransientServerErrors(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 1000, DirectoryPageSize: 10, Variants: []graphtest.Variant{graphtest.ServerErrors}})
	f := newFixture(t, srv, graph.Options{})
	var got collector
	if _, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta?$select=displayName"}, got.add); err != nil {
		t.Fatalf("Round: %v", err)
	}
	if diff := len(truth(t, srv, "users")) - len(got.set()); diff != 0 || len(f.sleeps.all()) == 0 {
		t.Errorf("%d pages read, %d users missing after %d retries; want none missing, and some retries (else the variant did not fire)", len(got.pages), diff, len(f.sleeps.all()))
	}
}
