package fault

// Config is the whole fault configuration, as the admin API reads and
// writes it.
type Config struct {
	// Seed seeds the random generator of rate rules; the same seed and the
	// same sequence of requests give the same firings. Default 0.
	Seed int64 `json:"seed,omitempty"`
	// Rules are evaluated in order. Once a rule of kind throttle,
	// unavailable, gateway_timeout, forbidden or not_found fires, the
	// request is answered and later rules do not see it.
	Rules []Rule `json:"rules"`
}

// Rule is one fault: what to do (Kind), to which requests (Match) and how
// often (Every or Rate, After, Times).
type Rule struct {
	// Kind is the fault to inject: throttle, unavailable, gateway_timeout,
	// slow, cut, forbidden, not_found, delta_token_refused, duplicate,
	// shuffle, empty_page, beta_next_link, both_links or repeat_page.
	// Required.
	Kind Kind `json:"kind"`
	// Match is a substring of the request's path and raw query, as in
	// "/users/delta" or "$deltatoken="; empty matches every Graph request.
	Match string `json:"match,omitempty"`
	// Every fires on every Nth matching request (1: each one), counted per
	// rule. Leave it 0 when Rate is set.
	Every int `json:"every,omitempty"`
	// Rate fires on a matching request with this probability (0..1), drawn
	// from a generator seeded by Config.Seed, so runs are reproducible.
	// With neither Every nor Rate the rule fires on each matching request.
	Rate float64 `json:"rate,omitempty"`
	// After lets the first After matching requests through untouched;
	// Every counts from the request after them.
	After int `json:"after,omitempty"`
	// Times is the most firings of this rule in total; 0 is unlimited.
	Times int `json:"times,omitempty"`
	// RetryAfter is the Retry-After header of throttle and unavailable, in
	// seconds; fractions are allowed and written without trailing zeros
	// (1.5 as "1.5", 2 as "2"). Absent means no header.
	RetryAfter *float64 `json:"retry_after,omitempty"`
	// Delay is how long slow waits before serving: a Go duration string
	// ("250ms", "2s") or a number of seconds. Required for slow.
	Delay Duration `json:"delay,omitempty"`
	// Code replaces the error code of throttle, unavailable,
	// gateway_timeout, forbidden and not_found (e.g. "ErrorQuotaExceeded",
	// "Authorization_RequestDenied", "MailboxNotEnabledForRESTAPI").
	Code string `json:"code,omitempty"`
	// Message replaces the error message of the same kinds.
	Message string `json:"message,omitempty"`
}

// clone returns a copy of c that shares no memory with it.
func (c Config) clone() Config {
	out := Config{Seed: c.Seed, Rules: make([]Rule, len(c.Rules))}
	for n, r := range c.Rules {
		if r.RetryAfter != nil {
			secs := *r.RetryAfter
			r.RetryAfter = &secs
		}
		out.Rules[n] = r
	}
	return out
}
