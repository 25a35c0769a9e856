package mail

import (
	"net/url"
	"strings"
)

// messagesQuery is the query of a folder's first messages round.
func messagesQuery(cfg Config) string {
	q := "$select=" + strings.Join(cfg.Select, ",")
	if since, _ := cfg.since(); !since.IsZero() {
		q += "&$filter=" + url.QueryEscape("receivedDateTime ge "+since.Format("2006-01-02T15:04:05Z"))
	}
	return q
}
