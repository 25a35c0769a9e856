package calendar

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// ServeDelta answers GET /users/{user}/calendarView/delta: a first
// request (startDateTime and endDateTime), a $skiptoken page, or a
// $deltatoken round. base is the service root links start with. repeat
// serves the page with a new nextLink back to it instead of moving on
// (the fault repeat_page).
func (s *Store) ServeDelta(w http.ResponseWriter, r *http.Request, user, base string, repeat bool) {
	odata.SetRequestHeaders(w, r)
	q := r.URL.Query()
	prefs := odata.ParsePrefer(r.Header)
	size := s.opts.PageSize
	if n := prefs.MaxPageSize; n > 0 {
		size = min(n, s.opts.MaxPageSize)
		w.Header().Add("Preference-Applied", "odata.maxpagesize="+strconv.Itoa(size))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var p *pending
	switch skip, delta := value(q, "$skiptoken"), value(q, "$deltatoken"); {
	case skip != "":
		p = s.tokens.takeRound(skip)
	case delta != "":
		if st := s.tokens.state(delta); st != nil && st.user == user {
			p = s.round(*st, size)
		}
	default:
		st, oerr := s.firstState(q, prefs, user)
		if oerr != nil {
			odata.WriteError(w, r, oerr)
			return
		}
		p = s.round(st, size)
	}
	if p == nil {
		odata.WriteError(w, r, &odata.Error{Status: http.StatusGone, Code: "SyncStateNotFound",
			Message: "The sync state generation is not found; the token has expired or was never issued."})
		return
	}
	s.writePage(w, p, user, base, repeat)
}

// value reads a query option case-insensitively, as Graph does.
func value(q url.Values, name string) string {
	for k, v := range q {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// firstState reads a first request's window and time zone. Other query
// options ($select, $filter, $orderby, $expand, $search) are not
// supported on calendarView delta; the emulator ignores them.
func (s *Store) firstState(q url.Values, prefs odata.Prefer, user string) (syncState, *odata.Error) {
	from, okFrom := parseWindowTime(value(q, "startDateTime"))
	to, okTo := parseWindowTime(value(q, "endDateTime"))
	if !okFrom || !okTo {
		return syncState{}, &odata.Error{Status: http.StatusBadRequest, Code: "ErrorInvalidParameter",
			Message: "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime."}
	}
	if !to.After(from) {
		return syncState{}, &odata.Error{Status: http.StatusBadRequest, Code: "ErrorInvalidParameter",
			Message: "The parameter 'EndDateTime' must be later than 'StartDateTime'."}
	}
	zone := prefs.TimeZone
	if _, name, ok := location(zone); ok {
		zone = name
	} else {
		return syncState{}, &odata.Error{Status: http.StatusBadRequest, Code: "ErrorTimeZoneNotFound",
			Message: "The specified time zone '" + zone + "' is invalid."}
	}
	return syncState{user: user, from: from, to: to, zone: zone}, nil
}

// round computes a round from st: every instance of the window when st
// saw nothing yet, else what changed since, paged by size.
func (s *Store) round(st syncState, size int) *pending {
	c := s.calendarOf(st.user)
	loc, _, _ := location(st.zone)
	next := syncState{user: st.user, from: st.from, to: st.to, zone: st.zone, seen: map[string]string{}, seq: c.seq}
	type item struct {
		series string
		raw    json.RawMessage
	}
	var items []item
	for _, in := range c.instances(st.from, st.to) {
		raw, tag := in.render(st.zone, loc, s.opts.SparseOccurrences)
		next.seen[in.id] = tag
		if st.seen == nil || st.seen[in.id] != tag {
			items = append(items, item{series: in.ev.id, raw: raw})
		}
	}
	if st.seen != nil {
		gone := map[string]bool{}
		for id := range st.seen {
			if _, ok := next.seen[id]; !ok && !(s.opts.SilentCancellations && c.cancelledOccurrence(id)) {
				gone[id] = true
			}
		}
		// Changed single events outside the window come as removed too,
		// as the docs say.
		for _, ch := range c.changed {
			if ch.seq > st.seq && ch.single && next.seen[ch.id] == "" {
				gone[ch.id] = true
			}
		}
		ids := make([]string, 0, len(gone))
		for id := range gone {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			items = append(items, item{raw: removed(id)})
		}
	}
	p := &pending{next: next}
	var page []json.RawMessage
	for i, it := range items {
		page = append(page, it.raw)
		split := len(page) >= size
		if split && s.opts.WholeSeriesPages && it.series != "" && i+1 < len(items) && items[i+1].series == it.series {
			split = false
		}
		if split {
			p.pages = append(p.pages, page)
			page = nil
		}
	}
	if len(page) > 0 || len(p.pages) == 0 {
		p.pages = append(p.pages, page)
	}
	return p
}

// writePage writes p's next page, with a nextLink to the rest or the
// deltaLink that pins p's state; repeat keeps the page for the nextLink.
func (s *Store) writePage(w http.ResponseWriter, p *pending, user, base string, repeat bool) {
	page := p.pages[0]
	link := base + "/users/" + url.PathEscape(user) + "/calendarView/delta?"
	out := odata.Page[json.RawMessage]{Context: base + "/$metadata#Collection(event)", Items: page}
	if repeat {
		out.NextLink = link + "$skiptoken=" + s.tokens.putRound(p)
		odata.WritePage(w, out)
		return
	}
	p.pages = p.pages[1:]
	if len(p.pages) > 0 {
		out.NextLink = link + "$skiptoken=" + s.tokens.putRound(p)
	} else {
		out.DeltaLink = link + "$deltatoken=" + s.tokens.putState(p.next)
	}
	odata.WritePage(w, out)
}

// ExpireAll forgets every sync state: the next request with any token
// gets 410 SyncStateNotFound.
func (s *Store) ExpireAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens.expireAll()
}

// Evicted counts the sync states evicted from the cache so far.
func (s *Store) Evicted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens.evicted
}
