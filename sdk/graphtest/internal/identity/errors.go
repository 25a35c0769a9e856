package identity

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// writeOAuthError writes the identity platform's error shape:
// {"error", "error_description" starting with the AADSTS code,
// "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"}.
func writeOAuthError(w http.ResponseWriter, status int, code string, aadsts int, description string) {
	trace, corr := odata.NewRequestID(), odata.NewRequestID()
	now := time.Now().UTC()
	desc := fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s",
		aadsts, description, trace, corr, now.Format("2006-01-02 15:04:05Z"))
	writeJSON(w, status, map[string]any{
		"error":             code,
		"error_description": desc,
		"error_codes":       []int{aadsts},
		"timestamp":         now.Format("2006-01-02 15:04:05Z"),
		"trace_id":          trace,
		"correlation_id":    corr,
		"error_uri":         "https://login.microsoftonline.com/error?code=" + strconv.Itoa(aadsts),
	})
}

// graphAuthError is Graph's 401 for a bad bearer token.
func graphAuthError(message string) *odata.Error {
	h := http.Header{}
	h.Set("WWW-Authenticate", `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`)
	return &odata.Error{Status: http.StatusUnauthorized, Code: "InvalidAuthenticationToken", Message: message, Header: h}
}
