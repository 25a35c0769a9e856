package graph

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// resyncCodes are the error codes that mean "start over with a full round",
// lower-cased: Graph's casing varies between directory and Outlook
// (GRAPH-DELTA.md §3.2, §6.11). Outlook's ErrorInvalidSyncStateData is
// Exchange's "the sync state cannot be used, sync again without it": a
// resync too, not a permanent failure. A directory token Graph cannot
// read (Request_BadRequest) is deliberately absent: that is a bug in
// whoever stored the link, not a lost sync state.
var resyncCodes = map[string]bool{
	"syncstatenotfound":         true,
	"syncstateinvalid":          true,
	"resyncrequired":            true,
	"errorinvalidsyncstatedata": true,
}

// deltaTokenRefused is, lower-cased, the start of the message of the 400
// BadRequest Graph answers when it will not take a link's delta token:
// "Parameter 'DeltaToken' not supported for this request." Field reports
// see it on message delta (a folder with no messages, a nextLink Graph
// handed out itself) and on channel messages (GRAPH-DELTA.md §6.20;
// corso's IsErrDeltaNotSupported). Its code is the generic BadRequest, so
// the message decides. On a stored deltaLink it means what
// ErrorInvalidSyncStateData means: the sync state cannot be used, sync
// again without it (failing the stream would fail it on every round). On
// any other link (a nextLink, a first request) it stays an *APIError:
// the stream fails where the failure shows (exit 3), and runs again from
// its deltaLink next round; a resync there would restart full rounds that
// Graph may refuse again, each round, with the run exiting 0.
const deltaTokenRefused = "parameter 'deltatoken' not supported"

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
// An error body cut short (the connection dropped while it was read) says
// nothing reliable: that is a *retryable transport failure, since
// deciding on the status alone could take a 404 without its code for a
// missing mailbox, or miss a resync.
func responseError(resp *http.Response, link string) error {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if err != nil {
		return &retryable{err: fmt.Errorf("read the body of a %d answer: %w", resp.StatusCode, err)}
	}
	var env errorEnvelope
	_ = json.Unmarshal(body, &env)
	code, msg := env.Error.Code, env.Error.Message
	if resp.StatusCode == http.StatusGone || (resp.StatusCode < 500 && resyncCodes[strings.ToLower(code)]) ||
		(resp.StatusCode == http.StatusBadRequest && isDeltaLink(link) && strings.HasPrefix(strings.ToLower(strings.TrimSpace(msg)), deltaTokenRefused)) {
		return &ResyncError{Status: resp.StatusCode, Code: code, Message: msg, Location: resp.Header.Get("Location")}
	}
	id := env.Error.InnerError.RequestID
	if id == "" {
		id = resp.Header.Get("request-id")
	}
	return &APIError{Status: resp.StatusCode, Code: code, Message: msg, RequestID: id, URL: Redact(link),
		Hint: hint(resp.StatusCode, msg)}
}

// retryableStatus reports whether Graph asks to retry the same request:
// throttling (429), and the transient server errors 500, 502, 503 and 504
// (GRAPH-DELTA.md §3.2, §6.24: a 500 or 502 mid-round heals on retry).
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}
