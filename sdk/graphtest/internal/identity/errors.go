package identity

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// oauthError is one identity platform error: the HTTP status, the OAuth
// error code, the AADSTS number and the text that follows it.
type oauthError struct {
	status      int
	code        string
	aadsts      int
	description string
}

// aadTimestamp is how the identity platform prints times in errors.
const aadTimestamp = "2006-01-02 15:04:05Z"

// writeOAuthError writes e in the identity platform's shape: error,
// error_description (the AADSTS code, the text, then trace and correlation
// ids and a timestamp after CRLFs), error_codes, timestamp, trace_id,
// correlation_id and error_uri.
func (p *Platform) writeOAuthError(w http.ResponseWriter, r *http.Request, e *oauthError) {
	trace, corr := odata.NewRequestID(), r.Header.Get("client-request-id")
	if corr == "" {
		corr = odata.NewRequestID()
	}
	ts := p.now().UTC().Format(aadTimestamp)
	writeJSON(w, e.status, map[string]any{
		"error": e.code,
		"error_description": fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s",
			e.aadsts, e.description, trace, corr, ts),
		"error_codes":    []int{e.aadsts},
		"timestamp":      ts,
		"trace_id":       trace,
		"correlation_id": corr,
		"error_uri":      p.base(r) + "/error?code=" + strconv.Itoa(e.aadsts),
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store, no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// invalidClientStatus is the status of every invalid_client error. The
// issue that specified the emulator asks for the identity platform's 400;
// logs of real Entra ID replies show 401 for AADSTS7000215 and 700027
// (microsoft-365-agents-toolkit#8621, keycloak#31294, BookStack#4089), which
// RFC 6749 5.2 also allows. Clients must treat both as a credential error.
const invalidClientStatus = http.StatusBadRequest

// Each constructor below is one identity platform error with the status and
// text Entra ID sends.

func errUnknownTenant(tenant string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_tenant", 90002, "Tenant '" + tenant +
		"' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. " +
		"Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."}
}

func errNoTenantInfo() *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_request", 50059,
		"No tenant-identifying information found in either the request or implied by any provided credentials."}
}

func errMethod(method string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_request", 900561,
		"The endpoint only accepts POST, OPTIONS requests. Received a " + method + " request."}
}

func errMissing(param string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_request", 900144,
		"The request body must contain the following parameter: '" + param + "'."}
}

func errGrantType(grant string) *oauthError {
	return &oauthError{http.StatusBadRequest, "unsupported_grant_type", 70003,
		"The app requested an unsupported grant type '" + grant + "'."}
}

func errUnknownClient(clientID, tenant string) *oauthError {
	return &oauthError{http.StatusBadRequest, "unauthorized_client", 700016, "Application with identifier '" + clientID +
		"' was not found in the directory '" + tenant + "'. This can happen if the application has not been installed by the " +
		"administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."}
}

func errScope(scope string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_scope", 70011,
		"The provided value for the input parameter 'scope' is not valid. The scope " + scope + " is not valid."}
}

func errNoCredential() *oauthError {
	return &oauthError{invalidClientStatus, "invalid_client", 7000218,
		"The request body must contain the following parameter: 'client_assertion' or 'client_secret'."}
}

func errSecret(clientID string) *oauthError {
	return &oauthError{invalidClientStatus, "invalid_client", 7000215,
		"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, " +
			"not the client secret ID, for a secret added to app '" + clientID + "'."}
}

func errAssertion(reason string) *oauthError {
	return &oauthError{invalidClientStatus, "invalid_client", 700027,
		"Client assertion contains an invalid signature. [Reason - " + reason + "]"}
}

func errAssertionTime() *oauthError {
	return &oauthError{invalidClientStatus, "invalid_client", 700024,
		"Client assertion is not within its valid time range."}
}

func errFederation() *oauthError {
	return &oauthError{invalidClientStatus, "invalid_client", 70021,
		"No matching federated identity record found for presented assertion."}
}
