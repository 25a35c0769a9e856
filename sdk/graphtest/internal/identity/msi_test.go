package identity

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

const (
	identityHeader = "853b9a84-5bfa-4b22-a3f3-0b9a43d9ad8a"
	userAssignedID = "cccccccc-dddd-4eee-8fff-000000000000"
)

// msiTTL keeps managed identity tokens under five minutes: MSAL Go caches
// them process-wide, and never serves a cached token that close to expiry,
// so every GetToken here reaches this test's platform.
const msiTTL = 4 * time.Minute

func startManagedIdentity(t *testing.T) *fixture {
	return start(t, Options{TokenTTL: msiTTL, ManagedIdentitySecret: identityHeader,
		Clients: []Client{{ID: clientID, Roles: []string{"User.Read.All"}}, {ID: userAssignedID}}})
}

func TestManagedIdentityCredential(t *testing.T) {
	f := startManagedIdentity(t)
	t.Setenv("IDENTITY_ENDPOINT", f.url+"/msi/token")
	t.Setenv("IDENTITY_HEADER", identityHeader)
	for _, v := range []string{"IDENTITY_SERVER_THUMBPRINT", "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT"} {
		t.Setenv(v, "")
	}
	tests := []struct {
		name string
		id   azidentity.ManagedIDKind
		want string
	}{
		{"the system-assigned identity gets a token", nil, clientID},
		{"a user-assigned identity by client id gets a token", azidentity.ClientID(userAssignedID), userAssignedID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ClientOptions: f.clientOptions(), ID: tt.id})
			if err != nil {
				t.Fatalf("NewManagedIdentityCredential: %v", err)
			}
			tok, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{graphDefault}})
			if err != nil {
				t.Fatalf("GetToken: %v", err)
			}
			pr, gerr := f.p.Authenticate(graphRequest(tok.Token))
			if gerr != nil {
				t.Fatalf("Graph rejects the token: %v", gerr)
			}
			if pr.ClientID != tt.want {
				t.Errorf("token for %s, want %s", pr.ClientID, tt.want)
			}
		})
	}
}

func TestManagedIdentityEndpoint(t *testing.T) {
	f := startManagedIdentity(t)
	query := func(edits ...string) string {
		q := url.Values{"api-version": {"2019-08-01"}, "resource": {"https://graph.microsoft.com"}}
		for i := 0; i+1 < len(edits); i += 2 {
			q.Set(edits[i], edits[i+1])
		}
		return "/msi/token?" + q.Encode()
	}
	tests := []struct {
		name, path, header string
		status             int
	}{
		{"the system-assigned identity gets a token", query(), identityHeader, 200},
		{"the App Service spelling of the path works", strings.Replace(query(), "/msi/token", "/MSI/token/", 1), identityHeader, 200},
		{"Graph with a trailing slash gets a token", query("resource", "https://graph.microsoft.com/"), identityHeader, 200},
		{"a missing identity header is unauthorized", query(), "", 401},
		{"a wrong identity header is unauthorized", query(), "guess", 401},
		{"an old API version is refused", query("api-version", "2017-09-01"), identityHeader, 400},
		{"a missing resource is refused", query("resource", ""), identityHeader, 400},
		{"another resource is refused", query("resource", "https://vault.azure.net"), identityHeader, 400},
		{"an unknown user-assigned identity is refused", query("client_id", "nobody"), identityHeader, 400},
		{"a user-assigned identity by principal id is refused", query("principal_id", "x"), identityHeader, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, f.url+tt.path, nil)
			if tt.header != "" {
				req.Header.Set("X-IDENTITY-HEADER", tt.header)
			}
			rep := f.do(t, req)
			if rep.status != tt.status {
				t.Fatalf("status %d, want %d: %v", rep.status, tt.status, rep.body)
			}
			if tt.status != 200 {
				if rep.body["statusCode"] != float64(tt.status) || rep.body["message"] == "" {
					t.Errorf("error body %v", rep.body)
				}
				return
			}
			want := strconv.FormatInt(f.clock.Now().Add(msiTTL).Unix(), 10)
			if rep.body["token_type"] != "Bearer" || rep.body["expires_on"] != want || rep.body["client_id"] != clientID ||
				!strings.HasPrefix(rep.body["resource"].(string), "https://graph.microsoft.com") {
				t.Errorf("body %v, want expires_on %s", rep.body, want)
			}
		})
	}
	t.Run("without a secret the endpoint does not exist", func(t *testing.T) {
		g := start(t, Options{})
		req, _ := http.NewRequest(http.MethodGet, g.url+query(), nil)
		req.Header.Set("X-IDENTITY-HEADER", identityHeader)
		if rep := g.do(t, req); rep.status != http.StatusNotFound {
			t.Errorf("status %d", rep.status)
		}
	})
}
