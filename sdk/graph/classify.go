package graph

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// resyncCodes are the error codes that mean "start over with a full round",
// lower-cased: Graph's casing varies between directory and Outlook
// (GRAPH-DELTA.md §3.2, §6.11). A tampered or unknown token
// (Request_BadRequest, ErrorInvalidSyncStateData) is deliberately absent:
// that is a bug in whoever stored the link, not a lost sync state.
var resyncCodes = map[string]bool{
	"syncstatenotfound": true,
	"syncstateinvalid":  true,
	"resyncrequired":    true,
}

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 64 << 10

// errorEnvelope mirrors Graph's JSON error body.
type errorEnvelope struct {
	Error struct {
		Code       string `json:"code"`
		Message    string `json:"message"`
		InnerError struct {
			RequestID string `json:"request-id"`
		} `json:"innerError"`
	} `json:"error"`
}

// responseError turns a non-2xx response into a *ResyncError or an
// *APIError. The body may be anything; only Graph's envelope is understood.
func responseError(resp *http.Response, link string) error {
	var env errorEnvelope
	_ = json.NewDecoder(io.LimitReader(resp.Body, maxErrorBody)).Decode(&env)
	code, msg := env.Error.Code, env.Error.Message
	if resp.StatusCode == http.StatusGone || (resp.StatusCode < 500 && resyncCodes[strings.ToLower(code)]) {
		return &ResyncError{Status: resp.StatusCode, Code: code, Message: msg, Location: resp.Header.Get("Location")}
	}
	id := env.Error.InnerError.RequestID
	if id == "" {
		id = resp.Header.Get("request-id")
	}
	return &APIError{Status: resp.StatusCode, Code: code, Message: msg, RequestID: id, URL: Redact(link)}
}

// retryableStatus reports whether Graph asks to retry the same request.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}
