package identity

import (
	"crypto/hmac"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

const graphScope = "https://graph.microsoft.com/.default"

// serveToken is the client-credentials grant.
func (p *Platform) serveToken(w http.ResponseWriter, r *http.Request, tenant string) {
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.")
		return
	}
	if tenant != p.opts.TenantID {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", 90002, "Tenant '"+tenant+"' not found.")
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != "client_credentials" {
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"+gt+"'.")
		return
	}
	clientID, secret, basic := r.BasicAuth()
	if !basic {
		clientID, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	c, ok := p.client(clientID)
	if !ok {
		writeOAuthError(w, http.StatusBadRequest, "unauthorized_client", 700016,
			"Application with identifier '"+clientID+"' was not found in the directory '"+tenant+"'.")
		return
	}
	if !scopeOK(r.PostForm.Get("scope")) {
		writeOAuthError(w, http.StatusBadRequest, "invalid_scope", 70011,
			"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope "+r.PostForm.Get("scope")+" is not valid.")
		return
	}
	if status, code, aadsts, msg := p.checkCredential(r, c, secret); code != "" {
		writeOAuthError(w, status, code, aadsts, msg)
		return
	}
	token, ttl := p.mint(c)
	secs := int(ttl / time.Second)
	writeJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": secs, "ext_expires_in": secs, "access_token": token})
}

// scopeOK accepts Graph's .default scope plus the OIDC scopes MSAL appends.
func scopeOK(scope string) bool {
	graph := false
	for _, s := range strings.Fields(scope) {
		switch s {
		case graphScope:
			graph = true
		case "openid", "offline_access", "profile":
		default:
			return false
		}
	}
	return graph
}

// checkCredential verifies a secret or a client assertion; a non-empty
// code describes the failure.
func (p *Platform) checkCredential(r *http.Request, c Client, secret string) (int, string, int, string) {
	if assertion := r.PostForm.Get("client_assertion"); assertion != "" {
		if r.PostForm.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
			return http.StatusBadRequest, "invalid_request", 50027, "The client_assertion_type is not supported."
		}
		if c.FederatedToken != "" && subtle.ConstantTimeCompare([]byte(assertion), []byte(c.FederatedToken)) == 1 {
			return 0, "", 0, ""
		}
		tokenURL := p.opts.BaseURL() + "/" + p.opts.TenantID + "/oauth2/v2.0/token"
		if err := verifyAssertion(assertion, c, tokenURL, p.opts.Now()); err != nil {
			return http.StatusBadRequest, "invalid_client", 700027, "Client assertion failed signature validation: " + err.Error()
		}
		return 0, "", 0, ""
	}
	if c.Secret == "" || subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1 {
		return http.StatusBadRequest, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + c.ID + "'."
	}
	return 0, "", 0, ""
}

// claims are the access token's payload.
type claims struct {
	Aud   string   `json:"aud"`
	Tid   string   `json:"tid"`
	AppID string   `json:"appid"`
	Roles []string `json:"roles,omitempty"`
	Iat   int64    `json:"iat"`
	Exp   int64    `json:"exp"`
	Nano  int64    `json:"xms_nano"`
}

// mint issues a JWT-shaped access token signed with the platform key.
func (p *Platform) mint(c Client) (string, time.Duration) {
	p.mu.Lock()
	ttl := p.ttl
	p.mu.Unlock()
	now := p.opts.Now()
	body, _ := json.Marshal(claims{Aud: "https://graph.microsoft.com", Tid: p.opts.TenantID, AppID: c.ID, Roles: c.Roles,
		Iat: now.Unix(), Exp: now.Add(ttl).Unix(), Nano: now.UnixNano()})
	enc := base64.RawURLEncoding
	unsigned := enc.EncodeToString([]byte(`{"typ":"JWT","alg":"HS256"}`)) + "." + enc.EncodeToString(body)
	return unsigned + "." + enc.EncodeToString(p.sign(unsigned)), ttl
}

// Authenticate checks a Graph request's bearer token.
func (p *Platform) Authenticate(r *http.Request) (Principal, *odata.Error) {
	auth := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		return Principal{}, graphAuthError("Access token is empty.")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return Principal{}, graphAuthError("IDX14100: JWT is not well formed, there are no dots (.).")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, p.sign(parts[0]+"."+parts[1])) {
		return Principal{}, graphAuthError("Access token validation failure. Invalid signature.")
	}
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var cl claims
	if json.Unmarshal(raw, &cl) != nil {
		return Principal{}, graphAuthError("Access token validation failure.")
	}
	p.mu.Lock()
	revoked := p.revoked
	p.mu.Unlock()
	if p.opts.Now().Unix() >= cl.Exp || cl.Nano <= revoked {
		return Principal{}, graphAuthError("Lifetime validation failed, the token is expired.")
	}
	return Principal{ClientID: cl.AppID, Roles: cl.Roles, ExpiresAt: time.Unix(cl.Exp, 0)}, nil
}
