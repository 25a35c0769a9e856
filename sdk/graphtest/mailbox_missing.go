package graphtest

import (
	"net/http"
	"sync"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// missingMailboxes answers, with the MailboxNotFound variant on, the mail
// requests for a user who exists but has no mailbox the way Graph has been
// seen to: 404 ResourceNotFound and 404 ErrorInvalidUser, taking turns per
// user (the first request gets ResourceNotFound), instead of the default
// MailboxNotEnabledForRESTAPI. The turns make a test reproducible.
type missingMailboxes struct {
	mu    sync.Mutex
	asked map[string]int // requests answered so far, by user id
}

func newMissingMailboxes() *missingMailboxes { return &missingMailboxes{asked: map[string]int{}} }

// answer writes the 404 for userID's next request.
func (m *missingMailboxes) answer(w http.ResponseWriter, r *http.Request, userID string) {
	m.mu.Lock()
	n := m.asked[userID]
	m.asked[userID] = n + 1
	m.mu.Unlock()
	if n%2 == 0 {
		odata.WriteError(w, r, &odata.Error{Status: http.StatusNotFound, Code: "ResourceNotFound",
			Message: "Resource could not be discovered."})
		return
	}
	odata.WriteError(w, r, &odata.Error{Status: http.StatusNotFound, Code: "ErrorInvalidUser",
		Message: "The requested user '" + userID + "' is invalid."})
}

// mailboxMissing reports whether, with the MailboxNotFound variant on, the
// request addresses the mailbox of userID (a resolved, live user) that has
// none, and answers it if so.
func (s *Server) mailboxMissing(w http.ResponseWriter, r *http.Request, userID string) bool {
	if !s.opts.Has(MailboxNotFound) || mailboxOf(r.URL.Path) == "" {
		return false
	}
	s.tenant.RLock()
	_, ok := s.tenant.Mailbox(userID)
	s.tenant.RUnlock()
	if ok {
		return false
	}
	s.missing.answer(w, r, userID)
	return true
}
