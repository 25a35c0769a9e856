package identity

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/pki"
)

const (
	tenantID = "11111111-2222-4333-8444-555555555555"
	clientID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	secret   = "s3cret~value"
)

type fixture struct {
	p   *Platform
	ca  *pki.Authority
	url string
	now time.Time
}

func start(t *testing.T) *fixture {
	t.Helper()
	ca, err := pki.NewAuthority("test")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{ca: ca, now: time.Now()}
	f.p, err = New(Options{TenantID: tenantID, Clients: []Client{{ID: clientID, Secret: secret}},
		BaseURL: func() string { return f.url }, Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := ca.IssueServer()
	srv := httptest.NewUnstartedServer(f.p.Handler())
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func (f *fixture) clientOptions() azcore.ClientOptions {
	return azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: f.url + "/"}, Transport: f.ca.HTTPClient()}
}

func (f *fixture) graphRequest(token string) *http.Request {
	r := httptest.NewRequest("GET", "/v1.0/users/delta", nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	return r
}

var scopes = policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.com/.default"}}

func TestAzidentityCredentialsGetTokensGraphAccepts(t *testing.T) {
	f := start(t)
	certPEM, keyPEM, err := f.ca.IssueClient("app")
	if err != nil {
		t.Fatal(err)
	}
	certs, key, err := azidentity.ParseCertificates(append(certPEM, keyPEM...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.p.AddCertificate(clientID, certs[0]); err != nil {
		t.Fatal(err)
	}
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("federated-kubernetes-token"), 0o600); err != nil {
		t.Fatal(err)
	}
	_ = f.p.AddFederatedToken(clientID, "federated-kubernetes-token")

	secretCred, err := azidentity.NewClientSecretCredential(tenantID, clientID, secret,
		&azidentity.ClientSecretCredentialOptions{ClientOptions: f.clientOptions(), DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	certCred, err := azidentity.NewClientCertificateCredential(tenantID, clientID, certs, key,
		&azidentity.ClientCertificateCredentialOptions{ClientOptions: f.clientOptions(), DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	workload, err := azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{
		ClientOptions: f.clientOptions(), TenantID: tenantID, ClientID: clientID, TokenFilePath: tokenFile, DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	for name, cred := range map[string]azcore.TokenCredential{"a client secret": secretCred, "a client certificate": certCred, "a workload identity token file": workload} {
		t.Run(name+" gets a token", func(t *testing.T) {
			tok, err := cred.GetToken(context.Background(), scopes)
			if err != nil {
				t.Fatalf("GetToken: %v", err)
			}
			if _, gerr := f.p.Authenticate(f.graphRequest(tok.Token)); gerr != nil {
				t.Errorf("Graph rejected the token: %v", gerr)
			}
		})
	}
	t.Run("a certificate the app does not have is refused", func(t *testing.T) {
		other, otherKey, _ := f.ca.IssueClient("other")
		oc, ok, _ := azidentity.ParseCertificates(append(other, otherKey...), nil)
		cred, _ := azidentity.NewClientCertificateCredential(tenantID, clientID, oc, ok,
			&azidentity.ClientCertificateCredentialOptions{ClientOptions: f.clientOptions(), DisableInstanceDiscovery: true})
		if _, err := cred.GetToken(context.Background(), scopes); err == nil || !strings.Contains(err.Error(), "AADSTS700027") {
			t.Errorf("got %v, want AADSTS700027", err)
		}
	})
}

func TestTokenEndpointErrors(t *testing.T) {
	f := start(t)
	base := url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {secret},
		"scope": {"https://graph.microsoft.com/.default openid offline_access profile"}}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for key, vals := range base {
			out[key] = vals
		}
		out.Set(k, v)
		return out
	}
	tests := []struct {
		name   string
		tenant string
		form   url.Values
		status int
		code   string
		aadsts int
	}{
		{"the right secret succeeds", tenantID, base, 200, "", 0},
		{"a wrong secret is an invalid client", tenantID, with("client_secret", "nope"), 400, "invalid_client", 7000215},
		{"an unknown client is unauthorized", tenantID, with("client_id", "nobody"), 400, "unauthorized_client", 700016},
		{"another grant type is unsupported", tenantID, with("grant_type", "password"), 400, "unsupported_grant_type", 70003},
		{"another resource is an invalid scope", tenantID, with("scope", "https://vault.azure.net/.default"), 400, "invalid_scope", 70011},
		{"an unknown tenant is refused", "other-tenant", base, 400, "invalid_request", 90002},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := f.ca.HTTPClient().PostForm(f.url+"/"+tt.tenant+"/oauth2/v2.0/token", tt.form)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %v", resp.StatusCode, tt.status, body)
			}
			if tt.status == 200 {
				if body["token_type"] != "Bearer" || body["access_token"] == "" || body["expires_in"] == nil {
					t.Errorf("success body %v", body)
				}
				return
			}
			codes, _ := body["error_codes"].([]any)
			desc, _ := body["error_description"].(string)
			if body["error"] != tt.code || len(codes) != 1 || int(codes[0].(float64)) != tt.aadsts || !strings.HasPrefix(desc, "AADSTS") {
				t.Errorf("error body %v, want %s AADSTS%d", body, tt.code, tt.aadsts)
			}
			for _, k := range []string{"timestamp", "trace_id", "correlation_id"} {
				if body[k] == nil {
					t.Errorf("error body lacks %s", k)
				}
			}
		})
	}
}

func TestOpenIDConfigurationNamesThisHost(t *testing.T) {
	f := start(t)
	resp, err := f.ca.HTTPClient().Get(f.url + "/" + tenantID + "/v2.0/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var cfg map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&cfg)
	want := map[string]string{"issuer": f.url + "/" + tenantID + "/v2.0", "token_endpoint": f.url + "/" + tenantID + "/oauth2/v2.0/token",
		"authorization_endpoint": f.url + "/" + tenantID + "/oauth2/v2.0/authorize"}
	for k, v := range want {
		if cfg[k] != v {
			t.Errorf("%s = %v, want %s", k, cfg[k], v)
		}
	}
}

func TestAuthenticate(t *testing.T) {
	f := start(t)
	tok, _ := f.p.mint(Client{ID: clientID})
	tampered := tok[:len(tok)-2] + "xx"
	tests := []struct {
		name, token, message string
		advance              time.Duration
	}{
		{"a valid token passes", tok, "", 0},
		{"a missing token", "", "Access token is empty.", 0},
		{"a malformed token", "opaque", "IDX14100", 0},
		{"a token with a bad signature", tampered, "Invalid signature", 0},
		{"an expired token", tok, "Lifetime validation failed", time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.now = time.Now().Add(tt.advance)
			_, err := f.p.Authenticate(f.graphRequest(tt.token))
			switch {
			case tt.message == "" && err != nil:
				t.Errorf("rejected: %v", err)
			case tt.message != "" && (err == nil || err.Status != 401 || err.Code != "InvalidAuthenticationToken" || !strings.Contains(err.Message, tt.message)):
				t.Errorf("got %v, want 401 InvalidAuthenticationToken %q", err, tt.message)
			case err != nil && err.Header.Get("WWW-Authenticate") == "":
				t.Error("a 401 must carry WWW-Authenticate")
			}
		})
	}
	t.Run("revoked tokens are rejected, new ones pass", func(t *testing.T) {
		f.now = time.Now()
		f.p.RevokeAll()
		if _, err := f.p.Authenticate(f.graphRequest(tok)); err == nil {
			t.Error("a revoked token passed")
		}
		f.now = f.now.Add(time.Millisecond)
		fresh, _ := f.p.mint(Client{ID: clientID})
		if _, err := f.p.Authenticate(f.graphRequest(fresh)); err != nil {
			t.Errorf("a token issued after revocation: %v", err)
		}
	})
}
