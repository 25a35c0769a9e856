package auditlog

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// Lookup maps the path segment after auditLogs/ to its log,
// case-insensitively as Graph matches segments.
func Lookup(segment string) (Kind, bool) {
	for _, k := range Kinds() {
		if strings.EqualFold(k.Segment, segment) {
			return k, true
		}
	}
	return Kind{}, false
}

// position is where a page ends, as its $skiptoken carries it.
type position struct {
	At int64  `json:"t"`
	ID string `json:"i"`
}

// Serve answers GET /v1.0/auditLogs/<segment>: the visible events that
// match $filter, newest first (or by $orderby on the time property), at
// most $top a page, with a nextLink that repeats $filter, $top and
// $orderby and adds a $skiptoken.
func (s *Store) Serve(w http.ResponseWriter, r *http.Request, k Kind, base string) {
	odata.SetRequestHeaders(w, r)
	q := r.URL.Query()
	match, oerr := parseFilter(k, q.Get("$filter"))
	if oerr == nil {
		oerr = checkQuery(q)
	}
	top, asc := s.opts.PageSize, false
	if oerr == nil {
		top, oerr = s.parseTop(q.Get("$top"))
	}
	if oerr == nil {
		asc, oerr = parseOrder(k, q.Get("$orderby"))
	}
	var after *position
	if tok := q.Get("$skiptoken"); tok != "" && oerr == nil {
		after = new(position)
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || json.Unmarshal(raw, after) != nil {
			oerr = &odata.Error{Status: http.StatusBadRequest, Code: "BadRequest", Message: "Invalid $skiptoken."}
		}
	}
	if oerr != nil {
		odata.WriteError(w, r, oerr)
		return
	}
	s.mu.Lock()
	events := s.visible(k)
	s.mu.Unlock()
	if !asc {
		sort.SliceStable(events, func(i, j int) bool { return before(events[j], events[i]) })
	}
	var page []event
	more := false
	for _, e := range events {
		if after != nil && !beyond(e, *after, asc) || !match(e) {
			continue
		}
		if len(page) == top {
			more = true
			break
		}
		page = append(page, e)
	}
	out := odata.Page[json.RawMessage]{Context: base + "/$metadata#auditLogs/" + k.Segment, Items: make([]json.RawMessage, len(page))}
	for i, e := range page {
		out.Items[i] = e.raw
	}
	if more {
		last := page[len(page)-1]
		raw, _ := json.Marshal(position{At: last.at.UnixNano(), ID: last.id})
		next := url.Values{}
		for _, name := range []string{"$filter", "$top", "$orderby"} {
			if v := q.Get(name); v != "" {
				next.Set(name, v)
			}
		}
		next.Set("$skiptoken", base64.RawURLEncoding.EncodeToString(raw))
		out.NextLink = base + "/auditLogs/" + k.Segment + "?" + next.Encode()
	}
	odata.WritePage(w, out)
}

// beyond reports whether e comes after p in the listing's order.
func beyond(e event, p position, asc bool) bool {
	at := e.at.UnixNano()
	if asc {
		return at > p.At || at == p.At && e.id > p.ID
	}
	return at < p.At || at == p.At && e.id < p.ID
}

// checkQuery refuses query options the log lists do not support.
func checkQuery(q url.Values) *odata.Error {
	for name := range q {
		switch strings.ToLower(name) {
		case "$filter", "$top", "$skiptoken", "$orderby":
		default:
			if strings.HasPrefix(name, "$") {
				return &odata.Error{Status: http.StatusBadRequest, Code: "BadRequest",
					Message: "Query option '" + name + "' is not allowed. The allowed options are $filter, $top, $skiptoken and $orderby."}
			}
		}
	}
	return nil
}

// parseTop reads $top: 1 to the page size (larger values get the page
// size, Graph's maximum).
func (s *Store) parseTop(v string) (int, *odata.Error) {
	if v == "" {
		return s.opts.PageSize, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, &odata.Error{Status: http.StatusBadRequest, Code: "BadRequest", Message: "Invalid value '" + v + "' for $top: want a positive integer."}
	}
	return min(n, s.opts.PageSize), nil
}

// parseOrder reads $orderby: the time property, desc (the default) or asc.
func parseOrder(k Kind, v string) (asc bool, oerr *odata.Error) {
	if v == "" {
		return false, nil
	}
	f := strings.Fields(v)
	if len(f) < 1 || len(f) > 2 || !strings.EqualFold(f[0], k.TimeProperty) || len(f) == 2 && !strings.EqualFold(f[1], "asc") && !strings.EqualFold(f[1], "desc") {
		return false, &odata.Error{Status: http.StatusBadRequest, Code: "BadRequest", Message: "Invalid $orderby '" + v + "': the emulator orders by " + k.TimeProperty + " only."}
	}
	return len(f) == 2 && strings.EqualFold(f[1], "asc"), nil
}

// parseFilter reads a $filter of clauses joined by "and": comparisons of
// the time property (eq, ge, gt, le, lt) with a date or an RFC 3339 time,
// and "eq" of a top-level string property with a quoted string.
func parseFilter(k Kind, filter string) (func(event) bool, *odata.Error) {
	var tests []func(event) bool
	bad := func(msg string) (func(event) bool, *odata.Error) {
		return nil, &odata.Error{Status: http.StatusBadRequest, Code: "BadRequest", Message: "Invalid filter clause: " + msg}
	}
	if strings.TrimSpace(filter) != "" {
		for _, clause := range splitAnd(filter) {
			clause = strings.TrimSpace(clause)
			for strings.HasPrefix(clause, "(") && strings.HasSuffix(clause, ")") {
				clause = strings.TrimSpace(clause[1 : len(clause)-1])
			}
			f := strings.Fields(clause)
			if len(f) != 3 {
				return bad("'" + clause + "' is not of the form property operator value.")
			}
			prop, op, val := f[0], strings.ToLower(f[1]), f[2]
			if strings.EqualFold(prop, k.TimeProperty) {
				at, ok := parseTime(val)
				if !ok {
					return bad("'" + val + "' is not a date or time.")
				}
				cmp := map[string]func(time.Time) bool{"eq": at.Equal, "ge": func(t time.Time) bool { return !t.Before(at) },
					"gt": at.Before, "le": func(t time.Time) bool { return !t.After(at) }, "lt": at.After}[op]
				if cmp == nil {
					return bad("operator '" + op + "' is not supported on " + k.TimeProperty + ".")
				}
				tests = append(tests, func(e event) bool { return cmp(e.at) })
				continue
			}
			if op != "eq" || len(val) < 2 || val[0] != '\'' || val[len(val)-1] != '\'' {
				return bad("the emulator supports eq with a quoted string on properties other than " + k.TimeProperty + ".")
			}
			want := strings.ReplaceAll(val[1:len(val)-1], "''", "'")
			tests = append(tests, func(e event) bool {
				var obj map[string]json.RawMessage
				var got string
				_ = json.Unmarshal(e.raw, &obj)
				return json.Unmarshal(obj[prop], &got) == nil && got == want
			})
		}
	}
	return func(e event) bool {
		for _, t := range tests {
			if !t(e) {
				return false
			}
		}
		return true
	}, nil
}

// splitAnd splits a filter at " and " outside quotes and parentheses.
func splitAnd(filter string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	lower := strings.ToLower(filter)
	for i := 0; i < len(filter); i++ {
		switch c := filter[i]; {
		case c == '\'':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0 && strings.HasPrefix(lower[i:], " and "):
			out = append(out, filter[start:i])
			start = i + len(" and ")
			i = start - 1
		}
	}
	return append(out, filter[start:])
}

// parseTime reads a $filter date or time literal: 2024-07-01 or an RFC
// 3339 time.
func parseTime(v string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, true
	}
	return time.Time{}, false
}
