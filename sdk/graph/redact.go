package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"strings"
)

// secretParams are the query parameters that carry sync state; "token"
// is driveItem delta's (…/root/delta?token=…).
var secretParams = []string{"$deltatoken", "$skiptoken", "deltatoken", "skiptoken", "token"}

// pathToken matches driveItem delta's token in the path's function call,
// as in …/root/delta(token='…') or delta(token=…).
var pathToken = regexp.MustCompile(`(?i)(\(token=)[^)]*(\))`)

// Redact returns a link safe to log: scheme, host and path kept, the
// query's $deltatoken/$skiptoken/skiptoken/deltatoken values replaced by
// "sha256:" + the first 12 hex digits of the SHA-256 of the full link, so
// that log lines about the same link can be matched. Other query
// parameters, such as $select, are kept; user info and fragment are
// dropped, and control characters escaped (see escapeText). Never log a
// link any other way.
func Redact(link string) string {
	tag := "sha256:" + LinkHash(link)[:12]
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return "<unparsable link " + tag + ">"
	}
	out := u.Scheme + "://" + u.Host + pathToken.ReplaceAllString(u.EscapedPath(), "${1}"+tag+"${2}")
	if u.RawQuery == "" {
		return escapeText(out)
	}
	pairs := strings.Split(u.RawQuery, "&")
	for i, pair := range pairs {
		key, value, ok := strings.Cut(pair, "=")
		if ok && value != "" && isSecretParam(key) {
			pairs[i] = key + "=" + tag
		}
	}
	return escapeText(out + "?" + strings.Join(pairs, "&"))
}

// isSecretParam reports whether the raw query key names a token.
func isSecretParam(rawKey string) bool {
	key, err := url.QueryUnescape(rawKey)
	if err != nil {
		key = rawKey
	}
	for _, p := range secretParams {
		if strings.EqualFold(key, p) {
			return true
		}
	}
	return false
}

// LinkHash returns the hex SHA-256 of a link, for manifests and logs.
func LinkHash(link string) string {
	sum := sha256.Sum256([]byte(link))
	return hex.EncodeToString(sum[:])
}
