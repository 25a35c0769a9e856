package graph

import (
	"errors"
	"fmt"
)

// Sentinel errors callers branch on with errors.Is; returned errors wrap
// them with what was being done.
var (
	// ErrRetryBudget means the retries of one call would wait longer in
	// total than Options.MaxRetryWait. Graph is throttling or unwell: try
	// the round again later, from the same link.
	ErrRetryBudget = errors.New("graph retry budget exhausted")
	// ErrLoop means a round saw the same nextLink twice, pages that kept
	// repeating the items of the pages before them (see pageRepeats), or
	// more than Options.MaxPages pages. Discard the round and start it
	// again.
	ErrLoop = errors.New("graph paging loop")
	// ErrMalformed means a complete response could not be understood: a
	// body that is not the expected JSON, a page with no link to go on, a
	// nextLink to another host, or a body over the size limit.
	ErrMalformed = errors.New("malformed graph response")
	// ErrForeignHost means Graph pointed the client to another origin
	// (scheme, host or port) than the one the round started on, by a
	// nextLink, a deltaLink, a redirect or a 410's Location, and the client
	// refused to send its bearer token there. The error names the refused
	// origin. Check graph.endpoint, proxies and DNS.
	ErrForeignHost = errors.New("refused to send the bearer token to another host")
)

// APIError is a Graph error that retrying the same request will not fix:
// 400, a 401 that persists after a token refresh, 403, 404, 501, and so
// on (429, 500, 502, 503 and 504 are retried, and returned only when the
// retries run out). Branch on Code, never on Message.
type APIError struct {
	// Status is the HTTP status code.
	Status int
	// Code is Graph's error code, e.g. "ErrorAccessDenied".
	Code string
	// Message is Graph's human-readable message.
	Message string
	// RequestID is Graph's request-id, for support tickets.
	RequestID string
	// URL is the request's link, redacted (see Redact).
	URL string
	// Hint, when set, is the fix for a known configuration error, e.g.
	// "delta does not track signInActivity: remove it from the source's
	// select".
	Hint string
}

// Error implements error. Code, Message and RequestID come from the
// network: their control characters are escaped (see escapeText).
func (e *APIError) Error() string {
	msg := fmt.Sprintf("graph answered %d %s", e.Status, escapeText(e.Code))
	if e.Message != "" {
		msg += ": " + escapeText(e.Message)
	}
	if e.RequestID != "" {
		msg += " (request-id " + escapeText(e.RequestID) + ")"
	}
	if e.Hint != "" {
		msg += ": " + escapeText(e.Hint)
	}
	return msg
}

// ResyncError means Graph discarded the sync state: the caller must drop
// its deltaLink and any nextLinks and run a full round again, then sweep
// deletions it could not have seen.
type ResyncError struct {
	// Status is the HTTP status code (400, 404, 409 or 410).
	Status int
	// Code is Graph's error code, e.g. "syncStateNotFound"; it may be empty
	// for a bare 410.
	Code string
	// Message is Graph's human-readable message.
	Message string
	// Location, when set, is the URL Graph's 410 named to start the full
	// round from (a tenant-level sync reset). The client has checked that
	// it is on the round's origin (else the round fails with
	// ErrForeignHost). Do not restart from it as given: Graph may drop the
	// first request's $select and $filter from it (GRAPH-DELTA.md §1.5);
	// restart from the stream's own first-round URL. It is the raw link:
	// don't log it.
	Location string
}

// Error implements error; the Location is redacted, and control
// characters in what Graph sent are escaped (see escapeText).
func (e *ResyncError) Error() string {
	msg := fmt.Sprintf("graph requires a full resync: %d %s", e.Status, escapeText(e.Code))
	if e.Message != "" {
		msg += ": " + escapeText(e.Message)
	}
	if e.Location != "" {
		msg += " (restart from " + escapeText(Redact(e.Location)) + ")"
	}
	return msg
}

// IsResync reports whether err, or any error it wraps, is a *ResyncError.
func IsResync(err error) bool {
	var r *ResyncError
	return errors.As(err, &r)
}
