package identity

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestTokenEndpointIssuesBearerTokens(t *testing.T) {
	f := start(t, Options{TokenTTL: 90 * time.Second})
	basic := func() *http.Request {
		form := secretForm()
		form.Del("client_id")
		form.Del("client_secret")
		req, _ := http.NewRequest(http.MethodPost, f.url+"/"+tenantID+"/oauth2/v2.0/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(url.QueryEscape(clientID), url.QueryEscape(secret))
		return req
	}
	tests := []struct {
		name string
		rep  func() reply
	}{
		{"a client secret in the form gets a token", func() reply { return f.postToken(t, tenantID, secretForm()) }},
		{"a client secret by HTTP Basic gets a token", func() reply { return f.do(t, basic()) }},
		{"the bare .default scope gets a token", func() reply {
			form := secretForm()
			form.Set("scope", graphDefault)
			return f.postToken(t, tenantID, form)
		}},
		{"Graph's application id as the scope gets a token", func() reply {
			form := secretForm()
			form.Set("scope", "00000003-0000-0000-c000-000000000000/.default")
			return f.postToken(t, tenantID, form)
		}},
		{"a claims challenge is accepted and ignored", func() reply {
			form := secretForm()
			form.Set("claims", `{"access_token":{"xms_cc":{"values":["CP1"]}}}`)
			return f.postToken(t, tenantID, form)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := tt.rep()
			if rep.status != http.StatusOK {
				t.Fatalf("status %d: %v", rep.status, rep.body)
			}
			if ct := rep.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			tok, _ := rep.body["access_token"].(string)
			if rep.body["token_type"] != "Bearer" || rep.body["expires_in"] != 90.0 || rep.body["ext_expires_in"] != 90.0 || !strings.HasPrefix(tok, "eyJ") {
				t.Errorf("body %v", rep.body)
			}
			if _, err := f.p.Authenticate(graphRequest(tok)); err != nil {
				t.Errorf("Graph rejects the token: %v", err)
			}
		})
	}
}

func TestTokenEndpointErrors(t *testing.T) {
	f := start(t, Options{Clients: []Client{{ID: clientID, Secret: secret}, {ID: "no-secret-app"}}})
	with := func(edits ...string) url.Values {
		form := secretForm()
		for i := 0; i+1 < len(edits); i += 2 {
			if edits[i+1] == "" {
				form.Del(edits[i])
			} else {
				form.Set(edits[i], edits[i+1])
			}
		}
		return form
	}
	tests := []struct {
		name   string
		tenant string
		form   url.Values
		status int
		code   string
		aadsts int
	}{
		{"a wrong secret is an invalid client", tenantID, with("client_secret", "nope"), invalidClientStatus, "invalid_client", 7000215},
		{"a secret for an app without secrets is an invalid client", tenantID, with("client_id", "no-secret-app"), invalidClientStatus, "invalid_client", 7000215},
		{"no credential at all is an invalid client", tenantID, with("client_secret", ""), invalidClientStatus, "invalid_client", 7000218},
		{"an unknown client is unauthorized", tenantID, with("client_id", "nobody"), 400, "unauthorized_client", 700016},
		{"a missing client id is an invalid request", tenantID, with("client_id", ""), 400, "invalid_request", 900144},
		{"another grant type is unsupported", tenantID, with("grant_type", "password"), 400, "unsupported_grant_type", 70003},
		{"a missing grant type is an invalid request", tenantID, with("grant_type", ""), 400, "invalid_request", 900144},
		{"another resource is an invalid scope", tenantID, with("scope", "https://vault.azure.net/.default"), 400, "invalid_scope", 70011},
		{"a delegated-style scope is an invalid scope", tenantID, with("scope", "User.Read"), 400, "invalid_scope", 70011},
		{"only OIDC scopes are an invalid scope", tenantID, with("scope", "openid profile"), 400, "invalid_scope", 70011},
		{"a missing scope is an invalid request", tenantID, with("scope", ""), 400, "invalid_request", 900144},
		{"an unknown tenant is not found", "22222222-2222-4222-8222-222222222222", with(), 400, "invalid_tenant", 90002},
		{"the common endpoint cannot issue app tokens", "common", with(), 400, "invalid_request", 50059},
		{"an assertion of the wrong type is an invalid request", tenantID, with("client_secret", "", "client_assertion", "x.y.z"), 400, "invalid_request", 900144},
		{"an assertion for an app without a certificate is an invalid client", tenantID,
			with("client_secret", "", "client_assertion", "x.y.z", "client_assertion_type", jwtBearer), invalidClientStatus, "invalid_client", 700027},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := f.postToken(t, tt.tenant, tt.form)
			checkOAuthError(t, f, rep, tt.status, tt.code, tt.aadsts)
		})
	}
	t.Run("a GET is an invalid request", func(t *testing.T) {
		checkOAuthError(t, f, f.get(t, "/"+tenantID+"/oauth2/v2.0/token"), 400, "invalid_request", 900561)
	})
}

// checkOAuthError asserts the identity platform's error shape.
func checkOAuthError(t *testing.T, f *fixture, rep reply, status int, code string, aadsts int) {
	t.Helper()
	if rep.status != status {
		t.Fatalf("status %d, want %d: %v", rep.status, status, rep.body)
	}
	desc, _ := rep.body["error_description"].(string)
	codes, _ := rep.body["error_codes"].([]any)
	prefix := "AADSTS" + strconv.Itoa(aadsts) + ": "
	switch {
	case rep.body["error"] != code:
		t.Errorf("error %v, want %s", rep.body["error"], code)
	case !strings.HasPrefix(desc, prefix) || !strings.Contains(desc, "\r\nTrace ID: ") || !strings.Contains(desc, "\r\nCorrelation ID: "):
		t.Errorf("error_description %q, want %q… with trace and correlation ids", desc, prefix)
	case len(codes) != 1 || codes[0] != float64(aadsts):
		t.Errorf("error_codes %v, want [%d]", codes, aadsts)
	case rep.body["error_uri"] != f.url+"/error?code="+strconv.Itoa(aadsts):
		t.Errorf("error_uri %v", rep.body["error_uri"])
	}
	for _, k := range []string{"timestamp", "trace_id", "correlation_id"} {
		if s, _ := rep.body[k].(string); s == "" {
			t.Errorf("no %s in %v", k, rep.body)
		}
	}
	if _, err := time.Parse(aadTimestamp, rep.body["timestamp"].(string)); err != nil {
		t.Errorf("timestamp: %v", err)
	}
}
