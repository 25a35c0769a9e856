package graphtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkHandler measures the emulator's own work per request, without
// TLS and HTTP/2 (the standard library's, the same for any server): the
// handler answering an empty incremental page (a deltaLink with nothing
// new) and a 200-user page, into a recorder. cpu-us/req is the process's
// CPU time (user and system) per request, the recorder's included.
//
//	go test ./sdk/graphtest -run '^$' -bench BenchmarkHandler -count 3
func BenchmarkHandler(b *testing.B) {
	srv, err := NewServer(Options{Seed: 1, Users: 2000})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	h := srv.handler()
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
		b.Fatalf("token: %d %s", rec.Code, rec.Body)
	}
	get := func(b *testing.B, link string) []byte {
		req := httptest.NewRequest("GET", link, nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET: %d %s", rec.Code, rec.Body)
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
		if err := json.Unmarshal(get(b, link), &links); err != nil {
			b.Fatal(err)
		}
		link, deltaLink = links.Next, links.Delta
	}
	for _, bc := range []struct{ name, link string }{{"empty-incremental", deltaLink}, {"users-200", first}} {
		b.Run(bc.name, func(b *testing.B) {
			start := cpuNow()
			for b.Loop() {
				get(b, bc.link)
			}
			b.ReportMetric(float64((cpuNow()-start).Microseconds())/float64(b.N), "cpu-us/req")
		})
	}
}

// cpuNow is the CPU time (user and system) the process used so far.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
