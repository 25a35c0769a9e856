package fault

import (
	"math/rand/v2"
	"net/http"
	"sync"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// maxPendingRetries bounds the requests Transient remembers as failed and
// owed a success; past it the memory is cleared (a forgotten request may
// then fail once more, and still succeeds later).
const maxPendingRetries = 4096

// Transient answers a share of requests with the transient server errors
// real Graph sends now and then on large tenants (GRAPH-DELTA.md §3.2,
// §6.24): 500 UnknownError or 502. Which requests fail follows from the
// seed and the order of requests. A request that failed is served the next
// time the same URL comes, so every request succeeds when retried, as
// Graph's transient errors do.
type Transient struct {
	share float64

	mu      sync.Mutex
	rng     *rand.Rand
	pending map[string]struct{} // URLs that failed, owed a success
	fired   int
}

// NewTransient returns a Transient that fails share (0 to 1) of the
// requests, drawn from seed.
func NewTransient(seed int64, share float64) *Transient {
	return &Transient{share: share, rng: rand.New(rand.NewPCG(uint64(seed), 0x7472616e7369656e)),
		pending: map[string]struct{}{}}
}

// Middleware wraps next: each request either gets a transient error or
// goes on to next.
func (t *Transient) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e := t.decide(r.URL.RequestURI()); e != nil {
			odata.WriteError(w, r, e)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Fired is how many requests got an error so far.
func (t *Transient) Fired() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.fired
}

// decide returns the error to answer uri with, or nil to serve it.
func (t *Transient) decide(uri string) *odata.Error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, owed := t.pending[uri]; owed {
		delete(t.pending, uri)
		return nil
	}
	if t.rng.Float64() >= t.share {
		return nil
	}
	if len(t.pending) >= maxPendingRetries {
		clear(t.pending)
	}
	t.pending[uri] = struct{}{}
	t.fired++
	if t.rng.IntN(2) == 0 {
		return &odata.Error{Status: http.StatusInternalServerError, Code: "UnknownError", Message: ""}
	}
	return &odata.Error{Status: http.StatusBadGateway, Code: "UnknownError", Message: "Bad Gateway"}
}
