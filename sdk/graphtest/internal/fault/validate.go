package fault

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// validate reports every problem of cfg, one error per field, each naming
// the rule and the field and saying what would be valid.
func (c Config) validate() error {
	var errs []error
	for n, r := range c.Rules {
		for _, p := range r.problems() {
			errs = append(errs, fmt.Errorf("rules[%d].%s", n, p))
		}
	}
	return errors.Join(errs...)
}

// problems lists what is wrong with r as "field: reason" strings.
func (r Rule) problems() []string {
	s, known := r.Kind.spec()
	if !known {
		return []string{r.kindProblem()}
	}
	var out []string
	add := func(bad bool, format string, args ...any) {
		if bad {
			out = append(out, fmt.Sprintf(format, args...))
		}
	}
	add(r.Every < 0, "every: %d is negative; use 1 to fire on each match, N for every Nth", r.Every)
	add(!(r.Rate >= 0 && r.Rate <= 1), "rate: %g is outside 0..1", r.Rate)
	add(r.Every > 0 && r.Rate > 0, "rate: set every or rate, not both")
	add(r.After < 0, "after: %d is negative; use 0 to fire from the first match", r.After)
	add(r.Times < 0, "times: %d is negative; use 0 for unlimited", r.Times)
	add(r.RetryAfter != nil && !validSeconds(*r.RetryAfter), "retry_after: %v is not a number of seconds >= 0, such as 1.5", deref(r.RetryAfter))
	add(r.RetryAfter != nil && r.Kind != Throttle && r.Kind != Unavailable, "retry_after: %s sends no Retry-After; only throttle and unavailable do", r.Kind)
	add(r.Kind == Slow && r.Delay <= 0, "delay: slow needs a positive delay such as \"250ms\"")
	add(r.Kind != Slow && r.Delay != 0, "delay: %s does not wait; only slow does", r.Kind)
	add(s.effect != answers && r.Code != "", "code: %s sends no error; only %s do", r.Kind, answering())
	add(s.effect != answers && r.Message != "", "message: %s sends no error; only %s do", r.Kind, answering())
	return out
}

// kindProblem explains an unknown or missing kind.
func (r Rule) kindProblem() string {
	valid := make([]string, 0, len(kinds()))
	for _, k := range kinds() {
		valid = append(valid, string(k))
	}
	if r.Kind == "" {
		return "kind: missing; want one of " + strings.Join(valid, ", ")
	}
	return fmt.Sprintf("kind: unknown kind %q; want one of %s", r.Kind, strings.Join(valid, ", "))
}

// answering names the kinds that answer with a Graph error.
func answering() string {
	var names []string
	for _, k := range kinds() {
		if s, _ := k.spec(); s.effect == answers {
			names = append(names, string(k))
		}
	}
	return strings.Join(names, ", ")
}

// validSeconds reports whether f can be written as a Retry-After.
func validSeconds(f float64) bool { return f >= 0 && !math.IsInf(f, 1) }

// deref returns *f, or 0 for nil.
func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}
