package identity

import (
	"net/http"
	"strings"
)

// Handler serves the identity platform's routes (see the package doc) and
// answers 404 to any other path. Mount it at the server root for the
// requests Match accepts.
func (p *Platform) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		switch {
		case pathIs(segs, "common", "discovery", "instance"):
			p.serveDiscovery(w, r)
		case pathIs(segs, "*", "v2.0", ".well-known", "openid-configuration"):
			p.serveOpenID(w, r, segs[0])
		case pathIs(segs, "*", "discovery", "v2.0", "keys"):
			writeJSON(w, http.StatusOK, map[string]any{"keys": []any{}})
		case pathIs(segs, "*", "oauth2", "v2.0", "token"):
			p.serveToken(w, r, segs[0])
		case pathIs(segs, "msi", "token") && p.opts.ManagedIdentitySecret != "":
			p.serveManagedIdentity(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

// pathIs matches path segments against a pattern in which "*" is any
// non-empty segment; literals compare case-insensitively, as the identity
// platform's routes do (App Service sets IDENTITY_ENDPOINT to /MSI/token/).
func pathIs(segs []string, pattern ...string) bool {
	if len(segs) != len(pattern) {
		return false
	}
	for i, want := range pattern {
		if segs[i] == "" || (want != "*" && !strings.EqualFold(segs[i], want)) {
			return false
		}
	}
	return true
}

// base is the scheme and host the client used to reach the platform, so
// that endpoints and the issuer match its authority whichever of the
// server's names (127.0.0.1, localhost, a name in its certificate) it
// chose. Requests without TLS or Host (handler tests) fall back to BaseURL.
func (p *Platform) base(r *http.Request) string {
	if r.TLS == nil || r.Host == "" {
		return p.opts.BaseURL()
	}
	return "https://" + r.Host
}
