package graphtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/internal/cputime"
)

// BenchmarkHandler measures the emulator's own work per request, without
// TLS and HTTP/2 (the standard library's, the same for any server): the
// handler answering an empty incremental page (a deltaLink with nothing
// new) and a 200-user page, into a recorder. cpu-us/req is the process's
// CPU time (user and system) per request, the recorder's included.
//
//	go test ./sdk/graphtest -run '^$' -bench BenchmarkHandler -count 3
func BenchmarkHandler(b *testing.B) {
	get, pages := handlerPages(b)
	for _, bc := range pages {
		b.Run(bc.name, func(b *testing.B) {
			start := cputime.Self(b)
			for b.Loop() {
				get(b, bc.link)
			}
			b.ReportMetric(float64((cputime.Self(b)-start).Microseconds())/float64(b.N), "cpu-us/req")
		})
	}
}

// handlerPages starts an emulator of 2,000 users and returns a GET
// through its handler (a 200 answer, else tb fails) and the two pages
// the benchmark asks for: a deltaLink with nothing new, and the first
// 200-user page.
func handlerPages(tb testing.TB) (func(testing.TB, string) []byte, []struct{ name, link string }) {
	srv, err := NewServer(Options{Seed: 1, Users: 2000})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	h := srv.handler()
	token := handlerToken(tb, srv, h)
	get := func(tb testing.TB, link string) []byte {
		req := httptest.NewRequest("GET", link, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			tb.Fatalf("GET: %d %s", rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	first := srv.GraphURL() + "/users/delta?$select=displayName,givenName,surname,mail,userPrincipalName,jobTitle,department,officeLocation,mobilePhone,accountEnabled"
	var deltaLink string
	for link := first; link != ""; {
		var links struct {
			Next  string `json:"@odata.nextLink"`
			Delta string `json:"@odata.deltaLink"`
		}
		if err := json.Unmarshal(get(tb, link), &links); err != nil {
			tb.Fatal(err)
		}
		link, deltaLink = links.Next, links.Delta
	}
	return get, []struct{ name, link string }{{"empty-incremental", deltaLink}, {"users-200", first}}
}

// handlerToken gets an access token from h, srv's handler.
func handlerToken(tb testing.TB, srv *Server, h http.Handler) string {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {srv.ClientID()},
		"client_secret": {srv.ClientSecret()}, "scope": {"https://graph.microsoft.com/.default"}}
	req := httptest.NewRequest("POST", srv.URL+"/"+srv.TenantID()+"/oauth2/v2.0/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		tb.Fatalf("token: %d %s", rec.Code, rec.Body)
	}
	return tok.AccessToken
}

// TestHandlerBenchShort is BenchmarkHandler's short form, in the suite:
// each page once, an empty one and one of 200 users.
func TestHandlerBenchShort(t *testing.T) {
	get, pages := handlerPages(t)
	for i, want := range []int{0, 200} {
		var page struct {
			Value []json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(get(t, pages[i].link), &page); err != nil || len(page.Value) != want {
			t.Errorf("%s: %d items (%v), want %d", pages[i].name, len(page.Value), err, want)
		}
	}
}
