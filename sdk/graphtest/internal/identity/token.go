package identity

import (
	"net/http"
	"net/url"
	"strings"
)

// graphResources are the names a client may ask Graph tokens by: its
// application ID URI and its application id.
var graphResources = []string{"https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"}

// maxForm bounds a token request body, which is a few KiB even with a
// certificate chain in the assertion.
const maxForm = 1 << 20

// serveToken is the client-credentials grant. It checks the tenant, the
// method, the grant type, the client, the scope and then the credential,
// and reports the first failure.
func (p *Platform) serveToken(w http.ResponseWriter, r *http.Request, tenant string) {
	if e := p.tokenRequestError(w, r, tenant); e != nil {
		p.writeOAuthError(w, r, e)
		return
	}
	clientID, secret := clientAuth(r)
	c, _ := p.client(clientID)
	if e := p.checkCredential(r, c, secret); e != nil {
		p.writeOAuthError(w, r, e)
		return
	}
	tok := p.mint(c)
	writeJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": tok.seconds,
		"ext_expires_in": tok.seconds, "access_token": tok.value})
}

// tokenRequestError validates everything but the credential.
func (p *Platform) tokenRequestError(w http.ResponseWriter, r *http.Request, tenant string) *oauthError {
	if tenant == "common" || tenant == "organizations" {
		return errNoTenantInfo()
	}
	if tenant != p.opts.TenantID {
		return errUnknownTenant(tenant)
	}
	if r.Method != http.MethodPost {
		return errMethod(r.Method)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return errMissing("grant_type")
	}
	switch gt := r.PostForm.Get("grant_type"); gt {
	case "client_credentials":
	case "":
		return errMissing("grant_type")
	default:
		return errGrantType(gt)
	}
	clientID, _ := clientAuth(r)
	if clientID == "" {
		return errMissing("client_id")
	}
	if _, ok := p.client(clientID); !ok {
		return errUnknownClient(clientID, tenant)
	}
	scope := r.PostForm.Get("scope")
	if scope == "" {
		return errMissing("scope")
	}
	if !isGraphScope(scope) {
		return errScope(scope)
	}
	return nil
}

// clientAuth returns the client id and secret from HTTP Basic
// authentication (form-encoded, RFC 6749 §2.3.1) or else the form.
func clientAuth(r *http.Request) (id, secret string) {
	if u, pw, ok := r.BasicAuth(); ok {
		uid, err1 := url.QueryUnescape(u)
		upw, err2 := url.QueryUnescape(pw)
		if err1 == nil && err2 == nil {
			return uid, upw
		}
	}
	return r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
}

// isGraphScope accepts Graph's .default scope plus the OIDC scopes MSAL
// appends ("openid offline_access profile").
func isGraphScope(scope string) bool {
	graph := false
	for _, s := range strings.Fields(scope) {
		switch s {
		case "openid", "offline_access", "profile":
			continue
		}
		resource, ok := strings.CutSuffix(s, "/.default")
		if !ok || !isGraphResource(resource) {
			return false
		}
		graph = true
	}
	return graph
}

// isGraphResource reports whether a v1 resource or a scope's resource part
// names Microsoft Graph.
func isGraphResource(resource string) bool {
	resource = strings.TrimSuffix(resource, "/")
	for _, g := range graphResources {
		if strings.EqualFold(resource, g) {
			return true
		}
	}
	return false
}
