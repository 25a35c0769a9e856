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
	until map[string]time.Time
}

func newGate() *gate { return &gate{until: map[string]time.Time{}} }

// hold closes scope until t; an earlier deadline never shortens a later one.
func (g *gate) hold(scope string, t time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.After(g.until[scope]) {
		g.until[scope] = t
	}
}

// deadline is the latest time a request of key must wait for: its own
// scope's and the tenant's, whichever is later. Zero when neither is held.
func (g *gate) deadline(key string, now time.Time) time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	var d time.Time
	for _, scope := range []string{"", key} {
		t, ok := g.until[scope]
		switch {
		case !ok:
		case !t.After(now):
			delete(g.until, scope)
		case t.After(d):
			d = t
		}
		if key == "" {
			break
		}
	}
	return d
}
