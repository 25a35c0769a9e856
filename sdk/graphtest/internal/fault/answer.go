package fault

import (
	"net/http"
	"strconv"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// answer writes the Graph error of a rule whose kind answers requests.
func answer(w http.ResponseWriter, r *http.Request, rule Rule) {
	e := graphError(rule)
	if rule.Kind == Throttle {
		// Graph's 429 body repeats code, message and status in innerError
		// (GRAPH-DELTA §4).
		e.Inner = map[string]string{"code": strconv.Itoa(e.Status), "message": "Please retry after", "status": strconv.Itoa(e.Status)}
	}
	odata.WriteError(w, r, e)
}

// graphError builds the error a rule answers with: the kind's defaults,
// then the rule's Code, Message and Retry-After.
func graphError(rule Rule) *odata.Error {
	s, _ := rule.Kind.spec()
	e := &odata.Error{Status: s.status, Code: s.code, Message: s.message}
	if rule.Code != "" {
		e.Code = rule.Code
	}
	if rule.Message != "" {
		e.Message = rule.Message
	}
	if rule.RetryAfter != nil {
		e.Header = http.Header{"Retry-After": {formatSeconds(*rule.RetryAfter)}}
	}
	return e
}

// formatSeconds writes seconds as Retry-After does: the shortest decimal
// that reads back exactly, with no exponent and no trailing zeros.
func formatSeconds(secs float64) string {
	return strconv.FormatFloat(secs, 'f', -1, 64)
}
