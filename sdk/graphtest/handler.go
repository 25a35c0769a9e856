package graphtest

import (
	"net/http"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/delta"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/fault"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// serverErrorShare is the share of Graph requests the ServerErrors variant
// answers with a transient 500 or 502.
const serverErrorShare = 0.05

// handler routes the three surfaces: Graph under /v1.0 (JSON batches at
// /v1.0/$batch), the admin API under /_admin, and the identity platform
// everywhere else.
func (s *Server) handler() http.Handler {
	s.mailboxLimit = newMailboxLimiter(s.opts.MailboxConcurrency)
	if s.opts.Has(MailboxBudget) {
		s.mailboxLimit.budget = newMailboxBudget(s.opts.MailboxBudget, s.opts.MailboxBudgetWindow)
	}
	s.missing = newMissingMailboxes()
	limited := s.mailboxLimit.wrap(s.mailboxKey, s.faults.Middleware(http.HandlerFunc(s.serveGraph)))
	if s.opts.Has(ServerErrors) {
		limited = fault.NewTransient(s.opts.Seed, serverErrorShare).Middleware(limited)
	}
	served := s.tenantLimit(limited)
	s.subrequests = s.inFlight.wrap(served)
	graph := s.inFlight.wrap(s.authenticate(served))
	batch := s.authenticate(http.HandlerFunc(s.serveBatch))
	admin := loopbackOnly(s.adminHandler())
	idp := s.identity.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case isBatchPath(r.URL.Path):
			s.stats.count("batch")
			batch.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, "/v1.0/"):
			s.stats.count("graph")
			graph.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, "/_admin/"):
			admin.ServeHTTP(w, r)
		default:
			s.stats.count("identity")
			idp.ServeHTTP(w, r)
		}
	})
}

// authenticate rejects Graph requests without a valid bearer token.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, oerr := s.identity.Authenticate(r); oerr != nil {
			s.stats.count("unauthorized")
			odata.WriteError(w, r, oerr)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// serveGraph dispatches one authenticated Graph request.
func (s *Server) serveGraph(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		odata.WriteError(w, r, &odata.Error{Status: http.StatusMethodNotAllowed, Code: "Request_BadRequest",
			Message: "The emulator serves read-only Graph endpoints; use the admin API to change the tenant."})
		return
	}
	if s.serveAuditLog(w, r) || s.serveCalendar(w, r) || s.serveDrives(w, r) {
		return
	}
	rt, seg := parseRoute(strings.TrimPrefix(r.URL.Path, "/v1.0/"), s.directoryPath)
	base := serviceRoot(r)
	if rt.target.UserID != "" && (!s.resolveUser(w, r, &rt) || s.mailboxMissing(w, r, rt.target.UserID)) {
		return
	}
	switch rt.kind {
	case routeDelta:
		s.stats.count(deltaStatName(rt.target))
		s.engine.Serve(w, r, rt.target, base)
	case routeListUsers:
		s.stats.count("users.list")
		s.engine.ServeListUsers(w, r, base)
	case routeGetUser:
		s.stats.count("users.get")
		s.engine.ServeGetUser(w, r, base, rt.id)
	case routeListFolders, routeGetFolder:
		s.stats.count(collectionOf(rt.target) + ".get")
		s.engine.ServeFolders(w, r, base, rt.target)
	case routeListChildFolders:
		s.stats.count(collectionOf(rt.target) + ".childFolders")
		s.engine.ServeChildFolders(w, r, base, rt.target)
	case routeMe:
		odata.WriteError(w, r, &odata.Error{Status: http.StatusBadRequest, Code: "BadRequest",
			Message: "/me request is only valid with delegated authentication flow."})
	default:
		unknownSegment(w, r, seg)
	}
}

// resolveUser maps a user principal name in the path to the user's id.
func (s *Server) resolveUser(w http.ResponseWriter, r *http.Request, rt *route) bool {
	s.tenant.RLock()
	id, ok := s.tenant.ResolveUser(rt.target.UserID)
	s.tenant.RUnlock()
	if !ok {
		odata.WriteError(w, r, &odata.Error{Status: http.StatusNotFound, Code: "ErrorInvalidUser",
			Message: "The requested user '" + rt.target.UserID + "' is invalid."})
		return false
	}
	rt.target.UserID = id
	return true
}

// directoryPath maps a path segment to the path of the registered
// directory resource it names (not its table).
func (s *Server) directoryPath(seg string) (string, bool) {
	r, ok := s.tenant.Directory(seg)
	if !ok || !strings.EqualFold(r.Path, seg) {
		return "", false
	}
	return r.Path, true
}

func deltaStatName(t delta.Target) string {
	k := tenant.TreeKindOf(t.Tree)
	prefix := ""
	if k != tenant.MailTree {
		prefix = k.Collection + "."
	}
	switch {
	case t.Resource == delta.Directory:
		return t.Path + ".delta"
	case t.Resource == delta.Folders && t.Folder != "":
		return prefix + "childFolders.delta"
	case t.Resource == delta.Folders:
		return k.Collection + ".delta"
	}
	return k.Items + ".delta"
}

// collectionOf is the folder collection a folder route addresses
// ("mailFolders", "contactFolders").
func collectionOf(t delta.Target) string { return tenant.TreeKindOf(t.Tree).Collection }

// mailboxKey maps a path's user segment to the user id when it resolves, so
// that an id and a principal name share one mailbox's limit.
func (s *Server) mailboxKey(user string) string {
	s.tenant.RLock()
	defer s.tenant.RUnlock()
	if id, ok := s.tenant.ResolveUser(user); ok {
		return id
	}
	return user
}
