package identity

import (
	"net/http"
	"strconv"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// managedIdentityAPIVersion is the App Service API version MSAL Go sends.
const managedIdentityAPIVersion = "2019-08-01"

// serveManagedIdentity is App Service's local managed identity endpoint, as
// azidentity's ManagedIdentityCredential (through MSAL Go's App Service
// source) calls it when IDENTITY_ENDPOINT and IDENTITY_HEADER are set and
// IDENTITY_SERVER_THUMBPRINT is not:
//
//	GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https://graph.microsoft.com[&client_id=…]
//	X-IDENTITY-HEADER: {IDENTITY_HEADER}
//
// It replies {"access_token", "expires_on" (Unix seconds as a string),
// "resource", "token_type", "client_id"}. MSAL uses IDENTITY_ENDPOINT as
// given: it requires neither https nor a loopback host, so
// IDENTITY_ENDPOINT={base}/msi/token works over the emulator's TLS as long
// as the credential's transport trusts the emulator's CA.
//
// Without a client_id the system-assigned identity answers, acting as
// Options.ManagedIdentityClientID; a client_id must name a registered
// client. principal_id, object_id and mi_res_id are refused. Error statuses
// are the emulator's choice (400, or 401 for a wrong X-IDENTITY-HEADER):
// App Service does not document them.
func (p *Platform) serveManagedIdentity(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch {
	case r.Method != http.MethodGet:
		writeMSIError(w, r, http.StatusBadRequest, "The managed identity endpoint only accepts GET requests.")
	case !equal(r.Header.Get("X-IDENTITY-HEADER"), p.opts.ManagedIdentitySecret):
		writeMSIError(w, r, http.StatusUnauthorized, "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.")
	case q.Get("api-version") < managedIdentityAPIVersion:
		writeMSIError(w, r, http.StatusBadRequest, "The api-version query parameter must be "+managedIdentityAPIVersion+" or later.")
	case q.Get("resource") == "":
		writeMSIError(w, r, http.StatusBadRequest, "The resource query parameter is required.")
	case !isGraphResource(q.Get("resource")):
		writeMSIError(w, r, http.StatusBadRequest, "The emulator issues tokens for https://graph.microsoft.com only, not for "+q.Get("resource")+".")
	case q.Has("principal_id") || q.Has("object_id") || q.Has("mi_res_id"):
		writeMSIError(w, r, http.StatusBadRequest, "The emulator selects user-assigned identities by client_id only.")
	default:
		p.issueManagedIdentityToken(w, r, q.Get("resource"), q.Get("client_id"))
	}
}

func (p *Platform) issueManagedIdentityToken(w http.ResponseWriter, r *http.Request, resource, clientID string) {
	if clientID == "" {
		clientID = p.opts.ManagedIdentityClientID
	}
	c, ok := p.client(clientID)
	if !ok {
		writeMSIError(w, r, http.StatusBadRequest, "Unable to load the proper Managed Identity.")
		return
	}
	tok := p.mint(c)
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok.value, "expires_on": strconv.FormatInt(tok.expiresAt.Unix(), 10),
		"resource": resource, "token_type": "Bearer", "client_id": c.ID})
}

// writeMSIError writes an error in App Service's managed identity shape.
func writeMSIError(w http.ResponseWriter, r *http.Request, status int, message string) {
	corr := r.Header.Get("client-request-id")
	if corr == "" {
		corr = odata.NewRequestID()
	}
	writeJSON(w, status, map[string]any{"statusCode": status, "message": message, "correlationId": corr})
}
