package identity

import (
	"net/http"
	"net/url"
	"strings"
)

// serveOpenID answers the tenant's OpenID configuration with the fields the
// real one has. MSAL needs authorization_endpoint, token_endpoint and an
// issuer on the authority's scheme and host.
func (p *Platform) serveOpenID(w http.ResponseWriter, r *http.Request, tenant string) {
	if !p.knownTenant(tenant) {
		p.writeOAuthError(w, r, errUnknownTenant(tenant))
		return
	}
	root := p.base(r)
	base := root + "/" + tenant
	issuerTenant := tenant
	if tenant != p.opts.TenantID {
		issuerTenant = "{tenantid}" // as the real common and organizations configurations say
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"issuer":                                root + "/" + issuerTenant + "/v2.0",
		"request_uri_parameter_supported":       false,
		"userinfo_endpoint":                     "https://graph.microsoft.com/oidc/userinfo",
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"device_authorization_endpoint":         base + "/oauth2/v2.0/devicecode",
		"http_logout_supported":                 true,
		"frontchannel_logout_supported":         true,
		"end_session_endpoint":                  base + "/oauth2/v2.0/logout",
		"claims_supported":                      []string{"sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "name", "tid", "ver", "email"},
		"kerberos_endpoint":                     base + "/kerberos",
		"tenant_region_scope":                   "WW",
		"cloud_instance_name":                   "microsoftonline.com",
		"cloud_graph_host_name":                 "graph.windows.net",
		"msgraph_host":                          "graph.microsoft.com",
		"rbac_url":                              "https://pas.windows.net",
	})
}

// serveDiscovery answers instance discovery. MSAL sends it to
// login.microsoftonline.com even for a custom authority host, naming that
// host in authorization_endpoint; the reply points tenant discovery back at
// that host and lists it, and this server's own host, as aliases.
func (p *Platform) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	self, err := url.Parse(p.opts.BaseURL())
	if err != nil {
		http.Error(w, "the emulator's base URL does not parse", http.StatusInternalServerError)
		return
	}
	authority, tenant := *self, p.opts.TenantID
	if ae, err := url.Parse(r.URL.Query().Get("authorization_endpoint")); err == nil && ae.Scheme == "https" && ae.Host != "" {
		authority.Host = ae.Host
		if seg, _, _ := strings.Cut(strings.TrimPrefix(ae.Path, "/"), "/"); seg != "" {
			tenant = seg
		}
	}
	aliases := []string{authority.Host}
	if self.Host != authority.Host {
		aliases = append(aliases, self.Host)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"tenant_discovery_endpoint": "https://" + authority.Host + "/" + tenant + "/v2.0/.well-known/openid-configuration",
		"api-version":               "1.1",
		"metadata": []map[string]any{{
			"preferred_network": authority.Host,
			"preferred_cache":   authority.Host,
			"aliases":           aliases,
		}},
	})
}

// knownTenant accepts the tenant id and the multi-tenant aliases whose
// OpenID configurations MSAL may read.
func (p *Platform) knownTenant(t string) bool {
	return t == p.opts.TenantID || t == "organizations" || t == "common"
}
