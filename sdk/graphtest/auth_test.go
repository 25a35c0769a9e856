package graphtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestAzidentityTokenIsAcceptedByGraph(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 41, Users: 3})
	cred, err := azidentity.NewClientSecretCredential(srv.TenantID(), srv.ClientID(), srv.ClientSecret(),
		&azidentity.ClientSecretCredentialOptions{ClientOptions: emulatorClientOptions(srv), DisableInstanceDiscovery: true})
	must(t, err)
	tok, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.com/.default"}})
	if err != nil {
		t.Fatalf("azidentity could not get a token from the emulator: %v", err)
	}
	c := &client{t: t, srv: srv, http: srv.Client(), token: tok.Token}
	if p := c.ok(srv.GraphURL() + "/users/delta"); len(p.Value) != 3 {
		t.Errorf("users with an azidentity token: %d", len(p.Value))
	}

	bad, _ := azidentity.NewClientSecretCredential(srv.TenantID(), srv.ClientID(), "wrong",
		&azidentity.ClientSecretCredentialOptions{ClientOptions: emulatorClientOptions(srv), DisableInstanceDiscovery: true})
	if _, err := bad.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.com/.default"}}); err == nil || !strings.Contains(err.Error(), "AADSTS7000215") {
		t.Errorf("a wrong secret must fail with AADSTS7000215, got %v", err)
	}
}

func TestGraphRejectsMissingAndUnknownTokens(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 42, Users: 1})
	c := newClient(t, srv)
	for name, token := range map[string]string{"a missing token": "", "an unknown token": "eyJ0eXAiOiJKV1QifQ.e30.c2ln"} {
		t.Run(name+" gets 401 InvalidAuthenticationToken", func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.GraphURL()+"/users/delta", nil)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			resp, err := c.http.Do(req)
			must(t, err)
			defer resp.Body.Close()
			var e graphError
			_ = json.NewDecoder(resp.Body).Decode(&e)
			if resp.StatusCode != 401 || e.Error.Code != "InvalidAuthenticationToken" {
				t.Errorf("status %d code %q", resp.StatusCode, e.Error.Code)
			}
		})
	}
	t.Run("revoked tokens are rejected", func(t *testing.T) {
		c.admin("POST", "/access-tokens/revoke", nil, nil)
		if r := c.get(srv.GraphURL() + "/users/delta"); r.status != 401 {
			t.Errorf("status %d", r.status)
		}
	})
	t.Run("a wrong client secret gets the identity platform's 400", func(t *testing.T) {
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {srv.ClientID()},
			"client_secret": {"nope"}, "scope": {"https://graph.microsoft.com/.default"}}
		resp, err := c.http.PostForm(srv.URL+"/"+srv.TenantID()+"/oauth2/v2.0/token", form)
		must(t, err)
		defer resp.Body.Close()
		var e struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
			Codes       []int  `json:"error_codes"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&e)
		if resp.StatusCode != 400 || e.Error != "invalid_client" || len(e.Codes) == 0 || !strings.HasPrefix(e.Description, "AADSTS") {
			t.Errorf("status %d body %+v", resp.StatusCode, e)
		}
	})
}

func TestListingMailboxes(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 43, Users: 250, Mailboxes: 2, FoldersPerMailbox: 3})
	c := newClient(t, srv)
	var all []map[string]any
	link := srv.GraphURL() + "/users?$select=userPrincipalName&$top=100"
	for link != "" {
		r := c.get(link)
		if r.status != 200 {
			t.Fatalf("list users: %d %s", r.status, r.body)
		}
		all = append(all, r.page.Value...)
		link = r.page.NextLink
	}
	if len(all) != 250 {
		t.Errorf("listed %d users, want 250", len(all))
	}
	upn := all[0]["userPrincipalName"].(string)
	r := c.get(srv.GraphURL() + "/users/" + upn + "?$select=displayName,mail")
	if r.status != 200 || !strings.Contains(string(r.body), `"displayName"`) {
		t.Errorf("GET /users/{upn}: %d %s", r.status, r.body)
	}
	inbox := c.get(srv.GraphURL() + "/users/" + upn + "/mailFolders/inbox")
	if inbox.status != 200 || !strings.Contains(string(inbox.body), `"Inbox"`) {
		t.Errorf("GET mailFolders/inbox: %d %s", inbox.status, inbox.body)
	}
	if r := c.get(srv.GraphURL() + "/me/messages"); r.status != 400 {
		t.Errorf("/me with an app token: %d", r.status)
	}
	if r := c.get(srv.GraphURL() + "/sites/delta"); r.status != 400 || r.err.Error.Code != "BadRequest" {
		t.Errorf("unknown segment: %d %q", r.status, r.err.Error.Code)
	}
}

func TestIssuedClientCertificateAuthenticates(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 44, Users: 2})
	certPEM, keyPEM, err := srv.IssueClientCertificate()
	must(t, err)
	certs, key, err := azidentity.ParseCertificates(append(certPEM, keyPEM...), nil)
	must(t, err)
	cred, err := azidentity.NewClientCertificateCredential(srv.TenantID(), srv.ClientID(), certs, key,
		&azidentity.ClientCertificateCredentialOptions{ClientOptions: emulatorClientOptions(srv), DisableInstanceDiscovery: true})
	must(t, err)
	tok, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.com/.default"}})
	if err != nil {
		t.Fatalf("certificate credential: %v", err)
	}
	c := &client{t: t, srv: srv, http: srv.Client(), token: tok.Token}
	if p := c.ok(srv.GraphURL() + "/users/delta"); len(p.Value) != 2 {
		t.Errorf("users: %d", len(p.Value))
	}
}

// emulatorClientOptions points azidentity at the emulator's authority and
// trusts its CA.
func emulatorClientOptions(srv *graphtest.Server) azcore.ClientOptions {
	return azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: srv.AuthorityURL()}, Transport: srv.Client()}
}

func TestManagedIdentityEndpoint(t *testing.T) {
	// MSAL caches managed identity tokens process-wide and reuses one with
	// more than five minutes left; four minutes makes every test fetch anew.
	srv := graphtest.Start(t, graphtest.Options{Seed: 45, Users: 2, ManagedIdentityHeader: "msi-secret", AccessTokenTTL: 4 * time.Minute})
	t.Setenv("IDENTITY_ENDPOINT", srv.ManagedIdentityEndpoint())
	t.Setenv("IDENTITY_HEADER", "msi-secret")
	cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ClientOptions: emulatorClientOptions(srv)})
	must(t, err)
	tok, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.com/.default"}})
	if err != nil {
		t.Fatalf("managed identity credential: %v", err)
	}
	c := &client{t: t, srv: srv, http: srv.Client(), token: tok.Token}
	if p := c.ok(srv.GraphURL() + "/users/delta"); len(p.Value) != 2 {
		t.Errorf("users: %d", len(p.Value))
	}
}
