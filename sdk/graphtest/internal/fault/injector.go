package fault

import (
	"maps"
	"net/http"
	"sync"
	"sync/atomic"
)

// Injector holds the fault rules in force and decides, request by request,
// which of them fire. It is safe for concurrent use. A request that no
// rule's kind concerns costs one atomic load and takes no lock.
type Injector struct {
	present atomic.Uint32 // bits of the kinds that have at least one rule

	mu    sync.Mutex
	cfg   Config
	rules []*armed
	stats map[Kind]int
}

// New returns an injector with no rules.
func New() *Injector {
	return &Injector{cfg: Config{Rules: []Rule{}}, stats: map[Kind]int{}}
}

// Set validates cfg and, if it is valid, replaces the rules with it,
// resetting every counter, the statistics and the random generators.
// The error lists each problem as "rules[N].field: what is wrong".
func (i *Injector) Set(cfg Config) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	cfg = cfg.clone()
	var bits uint32
	rules := arm(cfg)
	for _, a := range rules {
		bits |= a.bit
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	i.cfg, i.rules, i.stats = cfg, rules, map[Kind]int{}
	i.present.Store(bits)
	return nil
}

// Clear removes every rule and resets the statistics.
func (i *Injector) Clear() { _ = i.Set(Config{}) }

// Config returns a copy of the configuration in force; Rules is never nil.
func (i *Injector) Config() Config {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.cfg.clone()
}

// Stats returns how many times each kind fired since the last Set or
// Clear. Kinds that have not fired are absent.
func (i *Injector) Stats() map[Kind]int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return maps.Clone(i.stats)
}

// Fires reports whether a rule of the given kind fires for r, counting the
// request against the schedules of that kind's matching rules up to the
// first that fires, and counting that firing in Stats. The delta engine
// asks it for the page-level kinds; it works for any kind.
func (i *Injector) Fires(kind Kind, r *http.Request) bool {
	s, ok := kind.spec()
	if !ok {
		return false
	}
	_, fired := i.first(r, s.bit)
	return fired
}

// first returns the first rule whose kind is in bits that matches r and
// fires on it. Rules before it that match count r as seen.
func (i *Injector) first(r *http.Request, bits uint32) (Rule, bool) {
	if i.present.Load()&bits == 0 {
		return Rule{}, false
	}
	uri := r.URL.RequestURI()
	i.mu.Lock()
	defer i.mu.Unlock()
	for _, a := range i.rules {
		if a.bit&bits != 0 && a.matches(uri) && a.admit() {
			i.stats[a.Kind]++
			return a.Rule, true
		}
	}
	return Rule{}, false
}
