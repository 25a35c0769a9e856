package graph

import (
	"net/http"
	"strings"
)

// untrackedMarker starts the list of properties in Graph's answer to a
// delta query that selects properties it does not track: "Invalid request
// for delta query. $expand/$select is not supported for the following
// properties: signInActivity" (400 BadRequest, GRAPH-DELTA.md §1.3).
const untrackedMarker = "not supported for the following properties:"

// hint returns the fix for an error Graph's text identifies as a
// configuration error of the stream, or "". Graph's code alone does not
// tell it apart (400 BadRequest is generic), so this reads the message;
// nothing else may branch on it.
func hint(status int, msg string) string {
	props := untrackedProperties(status, msg)
	if props == "" {
		return ""
	}
	return "delta queries do not track " + props + ": remove it from the source's select"
}

// untrackedProperties extracts the property names from the two forms of
// the "untracked property" answer: 400 with untrackedMarker (as seen in
// practice), and 501 NotImplemented naming 'property' (the overview's older
// text).
func untrackedProperties(status int, msg string) string {
	lower := strings.ToLower(msg)
	if i := strings.Index(lower, untrackedMarker); i >= 0 && status == http.StatusBadRequest {
		return strings.TrimRight(strings.TrimSpace(msg[i+len(untrackedMarker):]), ".")
	}
	if status != http.StatusNotImplemented {
		return ""
	}
	if _, rest, ok := strings.Cut(msg, "property '"); ok {
		if name, _, ok := strings.Cut(rest, "'"); ok && name != "" {
			return name
		}
	}
	return ""
}
