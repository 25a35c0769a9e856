package identity

import (
	"crypto/tls"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/pki"
)

const (
	tenantID     = "11111111-2222-4333-8444-555555555555"
	clientID     = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	secret       = "s3cret~value"
	graphDefault = "https://graph.microsoft.com/.default"
)

// clock is a fake clock the platform and the test share.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// fixture is a Platform served over real TLS on loopback.
type fixture struct {
	p     *Platform
	ca    *pki.Authority
	url   string
	clock *clock
	http  *http.Client
}

// start serves a platform for opts, defaulting the tenant, one client with
// a secret and the User.Read.All role, the base URL and a fake clock.
func start(t *testing.T, opts Options) *fixture {
	t.Helper()
	ca, err := pki.NewAuthority("identity test CA")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.IssueServer()
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{ca: ca, clock: &clock{t: time.Now()}, http: ca.HTTPClient()}
	if opts.TenantID == "" {
		opts.TenantID = tenantID
	}
	if opts.Clients == nil {
		opts.Clients = []Client{{ID: clientID, Secret: secret, Roles: []string{"User.Read.All"}}}
	}
	opts.BaseURL, opts.Now = func() string { return f.url }, f.clock.Now
	if f.p, err = New(opts); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(f.p.Handler())
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	f.url = "https://" + srv.Listener.Addr().String()
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return f
}

// clientOptions points azidentity at the platform and trusts its CA.
func (f *fixture) clientOptions() azcore.ClientOptions {
	return azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: f.url + "/"}, Transport: f.http}
}

// reply is a decoded JSON response.
type reply struct {
	status int
	header http.Header
	body   map[string]any
}

func (f *fixture) do(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := f.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	rep := reply{status: resp.StatusCode, header: resp.Header}
	if err := json.NewDecoder(resp.Body).Decode(&rep.body); err != nil && resp.StatusCode != http.StatusNotFound {
		t.Fatalf("%s %s: %d with a body that is not JSON: %v", req.Method, req.URL, resp.StatusCode, err)
	}
	return rep
}

func (f *fixture) get(t *testing.T, path string) reply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, f.url+path, nil)
	return f.do(t, req)
}

func (f *fixture) postToken(t *testing.T, tenant string, form url.Values) reply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.url+"/"+tenant+"/oauth2/v2.0/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	return f.do(t, req)
}

// token gets an access token with the client secret.
func (f *fixture) token(t *testing.T) string {
	t.Helper()
	rep := f.postToken(t, tenantID, secretForm())
	tok, _ := rep.body["access_token"].(string)
	if rep.status != http.StatusOK || tok == "" {
		t.Fatalf("token: %d %v", rep.status, rep.body)
	}
	return tok
}

// secretForm is the form MSAL Go sends for a client secret.
func secretForm() url.Values {
	return url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {secret},
		"scope": {graphDefault + " openid offline_access profile"}}
}

// graphRequest is a Graph request carrying token, or no Authorization
// header when token is empty.
func graphRequest(token string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/v1.0/users/delta", nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	return r
}
