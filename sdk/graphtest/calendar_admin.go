package graphtest

import (
	"net/http"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/delta"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/fault"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// serveCalendar answers /v1.0/users/{id}/calendarView/delta (and
// …/calendar/calendarView/delta); it reports false for other paths.
func (s *Server) serveCalendar(w http.ResponseWriter, r *http.Request) bool {
	segs := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/v1.0/"), "/"), "/")
	if len(segs) >= 4 && strings.EqualFold(segs[2], "calendar") {
		segs = append(segs[:2:2], segs[3:]...)
	}
	if len(segs) != 4 || !strings.EqualFold(segs[0], "users") || !strings.EqualFold(segs[2], "calendarView") || !isDelta(segs[3]) {
		return false
	}
	rt := route{target: delta.Target{UserID: segs[1]}}
	if !s.resolveUser(w, r, &rt) || s.mailboxMissing(w, r, rt.target.UserID) {
		return true
	}
	s.tenant.RLock()
	_, ok := s.tenant.Mailbox(rt.target.UserID)
	s.tenant.RUnlock()
	if !ok {
		odata.WriteError(w, r, &odata.Error{Status: http.StatusNotFound, Code: "MailboxNotEnabledForRESTAPI",
			Message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise."})
		return true
	}
	s.stats.count("calendarView.delta")
	s.calendars.ServeDelta(w, r, rt.target.UserID, serviceRoot(r), s.faults.Fires(fault.RepeatPage, r))
	return true
}

// adminCalendars serves POST /_admin/calendars/advance {"duration":"24h"}
// and POST /_admin/calendars/churn {"ops":3}.
func (s *Server) adminCalendars(mux *http.ServeMux) {
	adminAdvance(mux, "POST /_admin/calendars/advance", "24h", func(d time.Duration) any {
		return map[string]time.Time{"now": s.AdvanceCalendars(d)}
	})
	mux.HandleFunc("POST /_admin/calendars/churn", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Ops int `json:"ops"`
		}
		if !readJSON(w, r, &body) {
			return
		}
		if body.Ops <= 0 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "ops: want a positive number of changes per calendar"})
			return
		}
		writeJSON(w, http.StatusOK, s.ChurnCalendars(body.Ops))
	})
}

// adminEventState serves GET /_admin/state/events?startDateTime=…&endDateTime=….
func (s *Server) adminEventState(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, err1 := time.Parse(time.RFC3339, q.Get("startDateTime"))
	to, err2 := time.Parse(time.RFC3339, q.Get("endDateTime"))
	if err1 != nil || err2 != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "the events truth needs startDateTime and endDateTime as RFC 3339 times"})
		return
	}
	if err := s.WriteEventState(w, from, to); err != nil {
		adminError(w, err)
	}
}
