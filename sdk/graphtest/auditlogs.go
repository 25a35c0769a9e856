package graphtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/auditlog"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// AuditLogOptions configures the emulator's audit logs: sign-ins
// (GET /v1.0/auditLogs/signIns, truth table sign_ins) and directory
// audits (GET /v1.0/auditLogs/directoryAudits, truth table
// directory_audits). They run on a clock of their own, which starts at
// the server's start and moves only when a test advances it
// (Server.AdvanceLogs, POST /_admin/auditlogs/advance), generating the
// events of the time passed. As in Graph, an event shows up a while after
// its time (up to MaxDelay), so a later listing holds events older than
// ones listed before; events older than 30 days are no longer listed.
// Lists are newest first, with $filter on createdDateTime or
// activityDateTime (eq, ge, gt, le, lt with a date or RFC 3339 time, and
// "and"), eq on other top-level string properties, $top, $orderby on the
// time property, and nextLink paging with $skiptoken.
type AuditLogOptions struct {
	// SignInsPerHour and AuditsPerHour are the rates of generated events
	// (default 120 and 30).
	SignInsPerHour, AuditsPerHour int
	// History is how much of the logs exists when the server starts
	// (default 2h).
	History time.Duration
	// MaxDelay is the most an event shows up after its time; each event's
	// delay is drawn between 0 and it (default 5m, the 99th percentile
	// Microsoft once published; negative: every event shows at once).
	MaxDelay time.Duration
	// PageSize is the default and largest $top (default 1000, Graph's).
	PageSize int
	// Start is the time the logs' clock starts at (default the server's
	// start), e.g. just after a midnight so that the history spans two
	// days.
	Start time.Time
}

// auditLogRetention is how long Graph lists sign-ins and audits (Entra ID
// P1/P2: 30 days).
const auditLogRetention = 30 * 24 * time.Hour

// lateLogDelay is the most the LateLogs variant delays an event.
const lateLogDelay = 30 * time.Minute

// newAuditLogs generates the logs' history; events name the users people
// returns.
func newAuditLogs(o Options, start time.Time, people func() []auditlog.Person) *auditlog.Store {
	a := o.AuditLogs
	if !a.Start.IsZero() {
		start = a.Start
	}
	if a.SignInsPerHour == 0 {
		a.SignInsPerHour = 120
	}
	if a.AuditsPerHour == 0 {
		a.AuditsPerHour = 30
	}
	if a.History == 0 {
		a.History = 2 * time.Hour
	}
	if a.MaxDelay == 0 {
		a.MaxDelay = 5 * time.Minute
	}
	if a.PageSize <= 0 {
		a.PageSize = 1000
	}
	domain := o.Domain
	if domain == "" {
		domain = "contoso.onmicrosoft.com"
	}
	lo := auditlog.Options{Seed: o.Seed, Start: start.UTC().Truncate(time.Second), History: a.History,
		SignInsPerHour: a.SignInsPerHour, AuditsPerHour: a.AuditsPerHour, MaxDelay: max(a.MaxDelay, 0),
		Retention: auditLogRetention, Domain: domain, PageSize: a.PageSize, People: people}
	if o.Has(LateLogs) {
		lo.LateShare, lo.LateDelay = 0.1, lateLogDelay
	}
	return auditlog.New(lo)
}

// LogAdvance says what advancing the audit logs' clock did.
type LogAdvance = auditlog.Advanced

// AdvanceLogs moves the audit logs' clock by d, generating the events of
// that time; some show up only after a later advance (their delay).
func (s *Server) AdvanceLogs(d time.Duration) LogAdvance { return s.logs.Advance(d) }

// LogClock is the audit logs' clock.
func (s *Server) LogClock() time.Time { return s.logs.Now() }

// serveAuditLog answers /v1.0/auditLogs/<log>; it reports false for other
// paths.
func (s *Server) serveAuditLog(w http.ResponseWriter, r *http.Request) bool {
	head, rest, _ := strings.Cut(strings.Trim(strings.TrimPrefix(r.URL.Path, "/v1.0/"), "/"), "/")
	if !strings.EqualFold(head, "auditLogs") {
		return false
	}
	k, ok := auditlog.Lookup(rest)
	if !ok {
		unknownSegment(w, r, rest)
		return true
	}
	s.stats.count("auditLogs." + k.Segment)
	s.logs.Serve(w, r, k, serviceRoot(r))
	return true
}

// adminAuditLogs serves POST /_admin/auditlogs/advance {"duration":"10m"}.
func (s *Server) adminAuditLogs(mux *http.ServeMux) {
	adminAdvance(mux, "POST /_admin/auditlogs/advance", "10m", func(d time.Duration) any { return s.AdvanceLogs(d) })
}

// WriteLogState writes the truth of an audit log table (sign_ins,
// directory_audits): every event visible so far, oldest first, one JSON
// object a line, as GET /_admin/state/<table> does.
func (s *Server) WriteLogState(w io.Writer, table string) error {
	ok, err := s.logs.WriteState(w, table)
	if !ok {
		return fmt.Errorf("%q is not an audit log table (sign_ins, directory_audits)", table)
	}
	return err
}

// people lists the tenant's live users, whom the audit logs' events name.
func (s *Server) people() []auditlog.Person {
	s.tenant.RLock()
	defer s.tenant.RUnlock()
	users := s.tenant.Users
	out := make([]auditlog.Person, 0, users.Len())
	for i := range users.Len() {
		o := users.At(i)
		if !o.Live() {
			continue
		}
		f := o.Fields(tenant.UserSchema)
		p := auditlog.Person{ID: o.ID}
		_ = json.Unmarshal(f["displayName"], &p.DisplayName)
		_ = json.Unmarshal(f["userPrincipalName"], &p.UserPrincipalName)
		out = append(out, p)
	}
	return out
}
