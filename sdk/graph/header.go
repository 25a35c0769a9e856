package graph

import (
	"net/http"
	"strings"
)

// cleanHeader returns the headers sent on every page of a call: a copy of
// extra without Authorization (the client owns it), plus one Prefer header
// listing prefer after any Prefer values extra already had. Graph does not
// encode Prefer in its tokens, so it must travel with each request.
func cleanHeader(extra http.Header, prefer []string) http.Header {
	h := extra.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Del("Authorization")
	var values []string
	for _, v := range append(h.Values("Prefer"), prefer...) {
		if v = strings.TrimSpace(v); v != "" {
			values = append(values, v)
		}
	}
	h.Del("Prefer")
	if len(values) > 0 {
		h.Set("Prefer", strings.Join(values, ", "))
	}
	return h
}
