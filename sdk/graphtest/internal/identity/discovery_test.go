package identity

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

func TestOpenIDConfigurationNamesThisHost(t *testing.T) {
	f := start(t, Options{})
	localhost := strings.Replace(f.url, "127.0.0.1", "localhost", 1)
	tests := []struct {
		name, base, tenant, field, want string
	}{
		{"the issuer is the tenant's v2.0 issuer on this host", f.url, tenantID, "issuer", f.url + "/" + tenantID + "/v2.0"},
		{"the token endpoint is on this host", f.url, tenantID, "token_endpoint", f.url + "/" + tenantID + "/oauth2/v2.0/token"},
		{"the authorization endpoint is on this host", f.url, tenantID, "authorization_endpoint", f.url + "/" + tenantID + "/oauth2/v2.0/authorize"},
		{"the keys are on this host", f.url, tenantID, "jwks_uri", f.url + "/" + tenantID + "/discovery/v2.0/keys"},
		{"the region scope is worldwide", f.url, tenantID, "tenant_region_scope", "WW"},
		{"the cloud is the public one", f.url, tenantID, "cloud_instance_name", "microsoftonline.com"},
		{"the issuer follows the host the client used", localhost, tenantID, "issuer", localhost + "/" + tenantID + "/v2.0"},
		{"the common configuration leaves the issuer's tenant open", f.url, "common", "issuer", f.url + "/{tenantid}/v2.0"},
		{"the organizations configuration names its own token endpoint", f.url, "organizations", "token_endpoint", f.url + "/organizations/oauth2/v2.0/token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, tt.base+"/"+tt.tenant+"/v2.0/.well-known/openid-configuration", nil)
			rep := f.do(t, req)
			if rep.status != http.StatusOK || rep.body[tt.field] != tt.want {
				t.Errorf("%d: %s = %v, want %s", rep.status, tt.field, rep.body[tt.field], tt.want)
			}
		})
	}
	t.Run("an unknown tenant is not found", func(t *testing.T) {
		checkOAuthError(t, f, f.get(t, "/nope/v2.0/.well-known/openid-configuration"), 400, "invalid_tenant", 90002)
	})
	t.Run("the keys endpoint lists no keys", func(t *testing.T) {
		if rep := f.get(t, "/"+tenantID+"/discovery/v2.0/keys"); rep.status != 200 || len(rep.body["keys"].([]any)) != 0 {
			t.Errorf("%d %v", rep.status, rep.body)
		}
	})
}

func TestInstanceDiscovery(t *testing.T) {
	f := start(t, Options{})
	host := strings.TrimPrefix(f.url, "https://")
	ae := url.QueryEscape("https://login.emulator.test:8443/" + tenantID + "/oauth2/v2.0/authorize")
	rep := f.get(t, "/common/discovery/instance?api-version=1.1&authorization_endpoint="+ae)
	meta, _ := rep.body["metadata"].([]any)
	tests := []struct {
		name string
		got  any
		want string
	}{
		{"tenant discovery points at the authority's host", rep.body["tenant_discovery_endpoint"],
			"https://login.emulator.test:8443/" + tenantID + "/v2.0/.well-known/openid-configuration"},
		{"the API version is echoed", rep.body["api-version"], "1.1"},
		{"the authority's host and this host are aliases", mustJSON(meta), `[{"aliases":["login.emulator.test:8443","` + host + `"],"preferred_cache":"login.emulator.test:8443","preferred_network":"login.emulator.test:8443"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if rep.status != http.StatusOK || tt.got != tt.want {
				t.Errorf("%d: got %v, want %s", rep.status, tt.got, tt.want)
			}
		})
	}
	t.Run("azidentity works with instance discovery on", func(t *testing.T) {
		opts := f.clientOptions()
		redirect := &loginRedirect{to: host, next: f.http.Transport}
		opts.Transport = &http.Client{Transport: redirect}
		cred, err := azidentity.NewClientSecretCredential(tenantID, clientID, secret, &azidentity.ClientSecretCredentialOptions{ClientOptions: opts})
		if err != nil {
			t.Fatal(err)
		}
		tok, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{graphDefault}})
		if err != nil {
			t.Fatalf("GetToken: %v", err)
		}
		if _, gerr := f.p.Authenticate(graphRequest(tok.Token)); gerr != nil {
			t.Errorf("Graph rejects the token: %v", gerr)
		}
		if redirect.count.Load() == 0 {
			t.Error("MSAL never asked login.microsoftonline.com for instance discovery")
		}
	})
}

// loginRedirect sends requests for login.microsoftonline.com, where MSAL
// asks for instance discovery, to the emulator instead.
type loginRedirect struct {
	to    string
	next  http.RoundTripper
	count atomic.Int32
}

func (l *loginRedirect) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == "login.microsoftonline.com" {
		l.count.Add(1)
		r = r.Clone(r.Context())
		r.URL.Host, r.Host = l.to, ""
	}
	return l.next.RoundTrip(r)
}

func TestHandlerAnswers404ToOtherPaths(t *testing.T) {
	f := start(t, Options{ManagedIdentitySecret: "x"})
	if rep := f.get(t, "/"+tenantID+"/oauth2/v2.0/authorize"); rep.status != http.StatusNotFound {
		t.Errorf("status %d", rep.status)
	}
}
