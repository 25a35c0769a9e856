package fault

import (
	"math/rand/v2"
	"strings"
)

// armed is a rule in force, with its counters and random generator. The
// injector's mutex guards seen, fired and random.
type armed struct {
	Rule
	bit    uint32
	seen   int // matching requests so far
	fired  int // firings so far
	random *rand.Rand
}

// arm prepares the rules of cfg. Each rule draws from its own generator,
// seeded from cfg.Seed and its index, so adding a rule or asking about
// another kind never changes when a rate rule fires.
func arm(cfg Config) []*armed {
	out := make([]*armed, len(cfg.Rules))
	for n, r := range cfg.Rules {
		s, _ := r.Kind.spec()
		out[n] = &armed{Rule: r, bit: s.bit, random: rand.New(rand.NewPCG(uint64(cfg.Seed), uint64(n)))}
	}
	return out
}

// matches reports whether the rule applies to a request for uri.
func (a *armed) matches(uri string) bool { return strings.Contains(uri, a.Match) }

// admit counts one matching request and reports whether the rule fires on
// it: past the first After, within Times, and on the Every or Rate schedule.
func (a *armed) admit() bool {
	a.seen++
	n := a.seen - a.After
	if n <= 0 || (a.Times > 0 && a.fired >= a.Times) {
		return false
	}
	fire := true
	switch {
	case a.Every > 0:
		fire = n%a.Every == 0
	case a.Rate > 0:
		fire = a.random.Float64() < a.Rate
	}
	if fire {
		a.fired++
	}
	return fire
}
