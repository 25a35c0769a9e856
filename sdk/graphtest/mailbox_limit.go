package graphtest

import (
	"net/http"
	"strings"
	"sync"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// mailboxLimiter enforces Outlook's limit of concurrent requests per
// mailbox, and with the MailboxBudget variant its request budget: past
// either, Graph answers 429 ApplicationThrottled.
type mailboxLimiter struct {
	limit    int
	budget   *mailboxBudget // nil: no budget
	mu       sync.Mutex
	inFlight map[string]int
	// peak is the most requests in flight per mailbox, counting one that
	// arrived over the limit; throttled counts the refusals.
	peak      map[string]int
	throttled int64
}

func newMailboxLimiter(limit int) *mailboxLimiter {
	return &mailboxLimiter{limit: limit, inFlight: map[string]int{}, peak: map[string]int{}}
}

// wrap counts requests per mailbox around next; resolve maps the path's
// user segment (an id or a principal name) to the mailbox's user id.
func (l *mailboxLimiter) wrap(resolve func(string) string, next http.Handler) http.Handler {
	if l.limit <= 0 && l.budget == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user := mailboxOf(r.URL.Path)
		if user == "" {
			next.ServeHTTP(w, r)
			return
		}
		key := resolve(user)
		if l.limit > 0 {
			if !l.acquire(key) {
				throttled(w, r, "1", "Application is over its MailboxConcurrency limit.")
				return
			}
			defer l.release(key)
		}
		if l.budget != nil {
			if after, ok := l.budget.spend(key); !ok {
				throttled(w, r, retryAfterSeconds(after), "Application is over its request limit for this mailbox.")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// throttled answers 429 ApplicationThrottled with Retry-After seconds.
func throttled(w http.ResponseWriter, r *http.Request, retryAfter, message string) {
	h := http.Header{}
	h.Set("Retry-After", retryAfter)
	odata.WriteError(w, r, &odata.Error{Status: http.StatusTooManyRequests, Code: "ApplicationThrottled",
		Message: message, Header: h})
}

func (l *mailboxLimiter) acquire(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.peak[key] = max(l.peak[key], l.inFlight[key]+1)
	if l.inFlight[key] >= l.limit {
		l.throttled++
		return false
	}
	l.inFlight[key]++
	return true
}

func (l *mailboxLimiter) release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.inFlight[key]--; l.inFlight[key] <= 0 {
		delete(l.inFlight, key)
	}
}

// mailboxOf returns the user segment of a path that addresses a mailbox
// (/v1.0/users/{id}/mailFolders…, …/contactFolders…, …/contacts…), or
// "" for other requests: mail and personal contacts share the mailbox's
// limits, as in Outlook.
func mailboxOf(path string) string {
	segs := strings.SplitN(strings.TrimPrefix(path, "/v1.0/"), "/", 4)
	if len(segs) < 3 || !strings.EqualFold(segs[0], "users") || treeOf(segs[2]) == nil {
		return ""
	}
	return segs[1]
}
