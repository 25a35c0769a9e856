package fault

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// Injector holds the rules and their counters. It is safe for concurrent
// use; with no rules set a request costs one atomic load.
type Injector struct {
	active atomic.Bool

	mu     sync.Mutex
	cfg    Config
	seen   []int // matching requests per rule
	fired  []int // firings per rule
	stats  map[Kind]int
	random *rand.Rand
}

// New returns an injector with no rules.
func New() *Injector { return &Injector{stats: map[Kind]int{}} }

// Set validates cfg and replaces the rules, resetting counters and the
// random generator.
func (i *Injector) Set(cfg Config) error {
	for n, r := range cfg.Rules {
		if err := r.validate(n); err != nil {
			return err
		}
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	i.cfg = Config{Seed: cfg.Seed, Rules: append([]Rule(nil), cfg.Rules...)}
	i.seen, i.fired = make([]int, len(cfg.Rules)), make([]int, len(cfg.Rules))
	i.stats = map[Kind]int{}
	i.random = rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6661756c74))
	i.active.Store(len(cfg.Rules) > 0)
	return nil
}

// Clear removes every rule.
func (i *Injector) Clear() { _ = i.Set(Config{}) }

// Config returns the current configuration.
func (i *Injector) Config() Config {
	i.mu.Lock()
	defer i.mu.Unlock()
	return Config{Seed: i.cfg.Seed, Rules: append([]Rule{}, i.cfg.Rules...)}
}

// Stats returns how often each kind fired since the last Set or Clear.
func (i *Injector) Stats() map[Kind]int {
	i.mu.Lock()
	defer i.mu.Unlock()
	out := make(map[Kind]int, len(i.stats))
	for k, v := range i.stats {
		out[k] = v
	}
	return out
}

// Fires evaluates the rules of one kind against r, counting a firing.
func (i *Injector) Fires(kind Kind, r *http.Request) bool {
	_, ok := i.first(r, func(k Kind) bool { return k == kind })
	return ok
}

// first returns the first rule of an accepted kind that fires for r.
func (i *Injector) first(r *http.Request, accept func(Kind) bool) (Rule, bool) {
	if !i.active.Load() {
		return Rule{}, false
	}
	uri := r.URL.RequestURI()
	i.mu.Lock()
	defer i.mu.Unlock()
	for n, rule := range i.cfg.Rules {
		if !accept(rule.Kind) || !strings.Contains(uri, rule.Match) {
			continue
		}
		if i.fire(n, rule) {
			i.stats[rule.Kind]++
			return rule, true
		}
	}
	return Rule{}, false
}

// fire counts a matching request for rule n and decides whether it fires.
func (i *Injector) fire(n int, rule Rule) bool {
	i.seen[n]++
	if i.seen[n] <= rule.After || (rule.Times > 0 && i.fired[n] >= rule.Times) {
		return false
	}
	ok := true
	switch {
	case rule.Every > 0:
		ok = (i.seen[n]-rule.After)%rule.Every == 0
	case rule.Rate > 0:
		ok = i.random.Float64() < rule.Rate
	}
	if ok {
		i.fired[n]++
	}
	return ok
}
