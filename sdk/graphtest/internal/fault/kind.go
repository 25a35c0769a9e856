package fault

import "net/http"

// Kind names what a rule does to the requests it fires on.
type Kind string

// The kinds Middleware applies to the HTTP exchange itself.
const (
	// Throttle answers 429 TooManyRequests, with Retry-After when the rule
	// sets RetryAfter.
	Throttle Kind = "throttle"
	// Unavailable answers 503 serviceNotAvailable, with Retry-After when the
	// rule sets RetryAfter.
	Unavailable Kind = "unavailable"
	// GatewayTimeout answers 504 with Graph's UnknownError body.
	GatewayTimeout Kind = "gateway_timeout"
	// Slow waits Delay, then serves the request normally.
	Slow Kind = "slow"
	// Cut sends the status line, the headers and about half of the body,
	// then drops the connection (HTTP/1.1) or resets the stream (HTTP/2).
	Cut Kind = "cut"
	// Forbidden answers 403 ErrorAccessDenied unless the rule sets Code.
	Forbidden Kind = "forbidden"
	// NotFound answers 404 ErrorSyncFolderNotFound unless the rule sets Code.
	NotFound Kind = "not_found"
	// DeltaTokenRefused answers 400 BadRequest "Parameter 'DeltaToken' not
	// supported for this request.", as Graph has refused delta tokens it
	// issued (message delta, channel messages): match "$deltatoken=".
	DeltaTokenRefused Kind = "delta_token_refused"
)

// The kinds Middleware leaves alone: the delta engine asks Fires and changes
// the page it renders.
const (
	// Duplicate repeats items within the round.
	Duplicate Kind = "duplicate"
	// Shuffle reorders the items of a page.
	Shuffle Kind = "shuffle"
	// EmptyPage inserts a page with no items and only a nextLink.
	EmptyPage Kind = "empty_page"
	// BetaNextLink sends the final page's deltaLink as @odata.nextLink.
	BetaNextLink Kind = "beta_next_link"
	// BothLinks makes a page carry both @odata.nextLink and @odata.deltaLink.
	BothLinks Kind = "both_links"
	// RepeatPage serves a page whose nextLink, new each time, leads to the
	// same page again: the loop calendarView/delta has been seen in
	// (msgraph-sdk-dotnet #3082), unbroken until the rule stops firing.
	RepeatPage Kind = "repeat_page"
)

// effect says where a kind acts.
type effect uint8

const (
	answers   effect = iota + 1 // Middleware answers with a Graph error
	delays                      // Middleware waits, then serves
	truncates                   // Middleware serves, then cuts the response short
	pages                       // the delta engine changes the page
)

// spec describes a kind: its bit in the injector's presence mask, where it
// acts and, for the answering kinds, the Graph error it sends by default.
type spec struct {
	bit     uint32
	effect  effect
	status  int
	code    string
	message string
}

// spec returns the description of k and whether k is a known kind.
func (k Kind) spec() (spec, bool) {
	switch k {
	case Throttle:
		return spec{1 << 0, answers, http.StatusTooManyRequests, "TooManyRequests", "Please retry again later."}, true
	case Unavailable:
		return spec{1 << 1, answers, http.StatusServiceUnavailable, "serviceNotAvailable", "The service is temporarily unavailable. Try the request again after a delay."}, true
	case GatewayTimeout:
		return spec{1 << 2, answers, http.StatusGatewayTimeout, "UnknownError", ""}, true
	case Forbidden:
		return spec{1 << 3, answers, http.StatusForbidden, "ErrorAccessDenied", "Access is denied. Check credentials and try again."}, true
	case NotFound:
		return spec{1 << 4, answers, http.StatusNotFound, "ErrorSyncFolderNotFound", "The folder being synchronized no longer exists."}, true
	case Slow:
		return spec{bit: 1 << 5, effect: delays}, true
	case Cut:
		return spec{bit: 1 << 6, effect: truncates}, true
	case Duplicate:
		return spec{bit: 1 << 7, effect: pages}, true
	case Shuffle:
		return spec{bit: 1 << 8, effect: pages}, true
	case EmptyPage:
		return spec{bit: 1 << 9, effect: pages}, true
	case BetaNextLink:
		return spec{bit: 1 << 10, effect: pages}, true
	case BothLinks:
		return spec{bit: 1 << 11, effect: pages}, true
	case RepeatPage:
		return spec{bit: 1 << 12, effect: pages}, true
	case DeltaTokenRefused:
		return spec{1 << 13, answers, http.StatusBadRequest, "BadRequest", "Parameter 'DeltaToken' not supported for this request."}, true
	}
	return spec{}, false
}

// kinds lists every kind, in the order of the documentation.
func kinds() []Kind {
	return []Kind{Throttle, Unavailable, GatewayTimeout, Slow, Cut, Forbidden, NotFound, DeltaTokenRefused,
		Duplicate, Shuffle, EmptyPage, BetaNextLink, BothLinks, RepeatPage}
}

// mask returns the presence bits of every kind with effect e.
func mask(e effect) uint32 {
	var m uint32
	for _, k := range kinds() {
		if s, _ := k.spec(); s.effect == e {
			m |= s.bit
		}
	}
	return m
}
