package identity

import (
	"encoding/json"
	"net/http"
	"net/url"
)

// serveOpenID answers the tenant's OpenID configuration; MSAL needs
// authorization_endpoint, token_endpoint and an issuer on the same host.
func (p *Platform) serveOpenID(w http.ResponseWriter, r *http.Request, tenant string) {
	if !p.knownTenant(tenant) {
		writeOAuthError(w, http.StatusBadRequest, "invalid_tenant", 90002,
			"Tenant '"+tenant+"' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
		return
	}
	base := p.opts.BaseURL() + "/" + tenant
	writeJSON(w, http.StatusOK, map[string]any{
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"issuer":                                base + "/v2.0",
		"request_uri_parameter_supported":       false,
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"device_authorization_endpoint":         base + "/oauth2/v2.0/devicecode",
		"http_logout_supported":                 true,
		"frontchannel_logout_supported":         true,
		"end_session_endpoint":                  base + "/oauth2/v2.0/logout",
		"claims_supported":                      []string{"sub", "iss", "aud", "exp", "iat", "tid"},
		"tenant_region_scope":                   "WW",
		"cloud_instance_name":                   "microsoftonline.com",
	})
}

// serveDiscovery answers instance discovery, naming this host as its own
// alias, for clients that leave discovery enabled.
func (p *Platform) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(p.opts.BaseURL())
	if err != nil {
		http.Error(w, "bad base URL", http.StatusInternalServerError)
		return
	}
	tenant := p.opts.TenantID
	if ae, err := url.Parse(r.URL.Query().Get("authorization_endpoint")); err == nil && ae.Path != "" {
		if seg := firstSegment(ae.Path); seg != "" {
			tenant = seg
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"tenant_discovery_endpoint": p.opts.BaseURL() + "/" + tenant + "/v2.0/.well-known/openid-configuration",
		"api-version":               "1.1",
		"metadata":                  []map[string]any{{"preferred_network": u.Host, "preferred_cache": u.Host, "aliases": []string{u.Host}}},
	})
}

func (p *Platform) knownTenant(t string) bool {
	return t == p.opts.TenantID || t == "organizations" || t == "common"
}

func firstSegment(path string) string {
	for i := 1; i < len(path); i++ {
		if path[i] == '/' {
			return path[1:i]
		}
	}
	return ""
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store, no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
