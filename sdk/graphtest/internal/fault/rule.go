package fault

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Kind is what a rule does.
type Kind string

// The fault kinds. The first group short-circuits or wraps the response in
// Middleware; the second is applied by the delta engine through Fires.
const (
	Throttle       Kind = "throttle"        // 429 TooManyRequests with Retry-After
	Unavailable    Kind = "unavailable"     // 503 serviceNotAvailable, optional Retry-After
	GatewayTimeout Kind = "gateway_timeout" // 504 GatewayTimeout
	Slow           Kind = "slow"            // wait Delay, then answer normally
	Cut            Kind = "cut"             // send headers and half the body, then drop the connection
	Forbidden      Kind = "forbidden"       // 403 ErrorAccessDenied (Code overrides)
	NotFound       Kind = "not_found"       // 404 ErrorSyncFolderNotFound (Code overrides)

	Duplicate    Kind = "duplicate"      // items repeated within the page
	Shuffle      Kind = "shuffle"        // items in another order
	EmptyPage    Kind = "empty_page"     // an empty page that carries only a nextLink
	BetaNextLink Kind = "beta_next_link" // the final page's deltaLink sent as @odata.nextLink
	BothLinks    Kind = "both_links"     // a nextLink page that also carries a deltaLink
)

var kinds = map[Kind]bool{Throttle: true, Unavailable: true, GatewayTimeout: true, Slow: true, Cut: true,
	Forbidden: true, NotFound: true, Duplicate: true, Shuffle: true, EmptyPage: true, BetaNextLink: true, BothLinks: true}

// Rule is one fault injection rule.
type Rule struct {
	// Kind is the fault.
	Kind Kind `json:"kind"`
	// Match is a substring of the request's path and query; empty matches
	// every Graph request.
	Match string `json:"match,omitempty"`
	// Every fires on every Nth matching request (1: each one).
	Every int `json:"every,omitempty"`
	// Rate fires with this probability instead, from the seeded generator.
	Rate float64 `json:"rate,omitempty"`
	// After lets the first After matching requests pass.
	After int `json:"after,omitempty"`
	// Times caps the firings of this rule; 0 is unlimited.
	Times int `json:"times,omitempty"`
	// RetryAfter is the Retry-After of throttle and unavailable, in seconds
	// (fractions allowed); nil omits the header.
	RetryAfter *float64 `json:"retry_after,omitempty"`
	// Delay is how long slow waits.
	Delay Duration `json:"delay,omitempty"`
	// Code and Message override the error's code and message.
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

// Config is the whole fault configuration.
type Config struct {
	// Seed drives Rate rules.
	Seed int64 `json:"seed,omitempty"`
	// Rules apply in order; the first short-circuiting rule that fires wins.
	Rules []Rule `json:"rules"`
}

// Duration is a time.Duration that reads "250ms" or a number of seconds.
type Duration time.Duration

// MarshalJSON writes the duration as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a Go duration string or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("duration %q: want e.g. \"250ms\" or a number of seconds", s)
		}
		*d = Duration(v)
		return nil
	}
	var secs float64
	if err := json.Unmarshal(b, &secs); err != nil {
		return fmt.Errorf("duration %s: want e.g. \"250ms\" or a number of seconds", b)
	}
	*d = Duration(secs * float64(time.Second))
	return nil
}

// validate reports the first problem of rule i, naming the field.
func (r Rule) validate(i int) error {
	field := func(name string) string { return "rules[" + strconv.Itoa(i) + "]." + name }
	switch {
	case !kinds[r.Kind]:
		return fmt.Errorf("%s: unknown kind %q (want throttle, unavailable, gateway_timeout, slow, cut, forbidden, not_found, duplicate, shuffle, empty_page, beta_next_link or both_links)", field("kind"), r.Kind)
	case r.Every < 0:
		return fmt.Errorf("%s: %d is negative", field("every"), r.Every)
	case r.Rate < 0 || r.Rate > 1:
		return fmt.Errorf("%s: %g is outside 0..1", field("rate"), r.Rate)
	case r.Every > 0 && r.Rate > 0:
		return fmt.Errorf("%s: set every or rate, not both", field("every"))
	case r.After < 0:
		return fmt.Errorf("%s: %d is negative", field("after"), r.After)
	case r.Times < 0:
		return fmt.Errorf("%s: %d is negative", field("times"), r.Times)
	case r.RetryAfter != nil && *r.RetryAfter < 0:
		return fmt.Errorf("%s: %g is negative", field("retry_after"), *r.RetryAfter)
	case r.Kind == Slow && r.Delay <= 0:
		return fmt.Errorf("%s: slow needs a positive delay such as \"250ms\"", field("delay"))
	}
	return nil
}
