package graph

import (
	"sync"
	"time"
)

// gate is the back-off shared by every goroutine of a Client: when Graph
// answers Retry-After, no request of the same scope goes out before that
// time. A scope is a mailbox key, or "" for the whole tenant. Expired
// deadlines are dropped as they are met, so the map holds only the scopes
// being throttled right now.
type gate struct {
	mu    sync.Mutex
	until map[string]held
}

// held is a scope's deadline and the HTTP status of the answer that set
// it.
type held struct {
	t      time.Time
	status int
}

func newGate() *gate { return &gate{until: map[string]held{}} }

// hold closes scope until t because of an answer with status; an earlier
// deadline never shortens a later one.
func (g *gate) hold(scope string, t time.Time, status int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.After(g.until[scope].t) {
		g.until[scope] = held{t: t, status: status}
	}
}

// deadline is the latest time a request of key must wait for: its own
// scope's and the tenant's, whichever is later. Zero when neither is held.
func (g *gate) deadline(key string, now time.Time) time.Time {
	d, _ := g.heldBy(key, now)
	return d
}

// heldBy is deadline and the status of the answer that set it.
func (g *gate) heldBy(key string, now time.Time) (time.Time, int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	var d held
	for _, scope := range []string{"", key} {
		h, ok := g.until[scope]
		switch {
		case !ok:
		case !h.t.After(now):
			delete(g.until, scope)
		case h.t.After(d.t):
			d = h
		}
		if key == "" {
			break
		}
	}
	return d.t, d.status
}
