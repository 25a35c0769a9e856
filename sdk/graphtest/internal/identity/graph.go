package identity

import (
	"errors"
	"net/http"
	"slices"
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

// HasAnyRole reports whether the principal holds at least one of roles.
func (pr Principal) HasAnyRole(roles ...string) bool {
	return slices.ContainsFunc(pr.Roles, func(r string) bool { return slices.Contains(roles, r) })
}

// DirectoryAccessDenied is Graph's 403 for a directory call (users, groups,
// orgContacts) the app has no application permission for.
func DirectoryAccessDenied() *odata.Error {
	return &odata.Error{Status: http.StatusForbidden, Code: "Authorization_RequestDenied",
		Message: "Insufficient privileges to complete the operation."}
}

// MailboxAccessDenied is Graph's 403 for an Outlook call (mail folders,
// messages, contacts) the app has no application permission for.
func MailboxAccessDenied() *odata.Error {
	return &odata.Error{Status: http.StatusForbidden, Code: "ErrorAccessDenied",
		Message: "Access is denied. Check credentials and try again."}
}
