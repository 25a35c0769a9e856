package identity

import (
	"errors"
	"net/http"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// graphChallenge is the WWW-Authenticate header Graph sends with a 401.
const graphChallenge = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`

// Authenticate checks a Graph request's bearer token. On failure it returns
// Graph's 401 InvalidAuthenticationToken with Graph's message for the case
// (empty, malformed, failing validation, expired or revoked) and the
// WWW-Authenticate challenge in Header, ready for odata.WriteError.
func (p *Platform) Authenticate(r *http.Request) (Principal, *odata.Error) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return Principal{}, unauthorized("Access token is empty.")
	}
	cl, err := p.parse(token)
	switch {
	case errors.Is(err, errMalformed):
		return Principal{}, unauthorized("IDX14100: JWT is not well formed, there are no dots (.).")
	case err != nil:
		return Principal{}, unauthorized("Access token validation failure.")
	case cl.Aud != graphAudience:
		return Principal{}, unauthorized("Access token validation failure. Invalid audience.")
	}
	exp, ok := p.expiry(cl.Uti)
	if !ok || !p.now().Before(exp) {
		return Principal{}, unauthorized("Lifetime validation failed, the token is expired.")
	}
	return Principal{ClientID: cl.AppID, Roles: cl.Roles, ExpiresAt: exp}, nil
}

func unauthorized(message string) *odata.Error {
	h := http.Header{}
	h.Set("WWW-Authenticate", graphChallenge)
	return &odata.Error{Status: http.StatusUnauthorized, Code: "InvalidAuthenticationToken", Message: message, Header: h}
}
