package calendar

import (
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graph"
)

// Defaults applied to a source block's zero values.
const (
	DefaultPast                = "90d"
	DefaultFuture              = "365d"
	DefaultSlideEvery          = "24h"
	DefaultPageSize            = 500
	DefaultMailboxBudget       = 10_000
	DefaultMailboxBudgetWindow = "10m"
	maxPageSize                = 1000
	minMailboxBudget           = 10
)

// Config is the calendar source block.
type Config struct {
	// Mailboxes lists the mailboxes whose calendars to sync, by user
	// object id or user principal name. Empty: every user of the tenant,
	// listed each round (users without a mailbox are skipped).
	Mailboxes []string `json:"mailboxes"`
	// UserFilter is a $filter for listing users when Mailboxes is empty.
	UserFilter string `json:"user_filter"`
	// Past and Future bound the window around the round's time: "90d",
	// "2w" or a Go duration (defaults "90d" and "365d").
	Past   string `json:"past"`
	Future string `json:"future"`
	// SlideEvery is how often the window moves: it is anchored to whole
	// periods of this length since 1970-01-01 UTC (default "24h": it
	// slides at the first round after each UTC midnight). Every slide
	// reads each calendar's new window in full.
	SlideEvery string `json:"slide_every"`
	// PageSize is Prefer: odata.maxpagesize, sent on every page (default
	// 500, at most 1000).
	PageSize int `json:"page_size"`
	// Concurrency is how many mailboxes sync at once (default: the
	// client's adaptive request limit).
	Concurrency int `json:"concurrency"`
	// MaxConcurrency is the most requests in flight tenant-wide (default
	// graph.DefaultMaxConcurrency).
	MaxConcurrency int `json:"max_concurrency"`
	// MaxRequestsPerSecond is a tenant-wide request ceiling (default none).
	MaxRequestsPerSecond float64 `json:"max_requests_per_second"`
	// MailboxBudget and MailboxBudgetWindow pace the requests to one
	// mailbox (default 10,000 per "10m", Outlook's budget per app and
	// mailbox; negative budget: no pacing).
	MailboxBudget       int    `json:"mailbox_budget"`
	MailboxBudgetWindow string `json:"mailbox_budget_window"`

	past, future, slideEvery time.Duration
}

// decode reads and checks a source block, filling in defaults.
func decode(config []byte) (Config, []sdk.Diagnostic) {
	var cfg Config
	if diags := sdk.DecodeConfig(config, &cfg); diags != nil {
		return cfg, diags
	}
	cfg.defaults()
	var diags []sdk.Diagnostic
	for _, a := range []struct {
		attr, value string
		into        *time.Duration
	}{{"past", cfg.Past, &cfg.past}, {"future", cfg.Future, &cfg.future}, {"slide_every", cfg.SlideEvery, &cfg.slideEvery}} {
		d, err := parseSpan(a.value)
		if err != nil {
			diags = append(diags, sdk.Errorf(a.attr, "Invalid "+a.attr, "%v.", err))
		}
		*a.into = d
	}
	if cfg.slideEvery <= 0 && !sdk.HasErrors(diags) {
		diags = append(diags, sdk.Errorf("slide_every", "Invalid slide_every", "It must be a positive length such as \"24h\" or \"1d\", not %q.", cfg.SlideEvery))
	}
	if cfg.past+cfg.future <= 0 && !sdk.HasErrors(diags) {
		diags = append(diags, sdk.Errorf("future", "Empty window", "past and future are both zero: the window holds no time; set future = \"365d\", say."))
	}
	for _, m := range cfg.Mailboxes {
		if strings.TrimSpace(m) == "" || strings.ContainsAny(m, "/?#") {
			diags = append(diags, sdk.Errorf("mailboxes", "Invalid mailbox", "%q is not a user id or user principal name.", m))
		}
	}
	if cfg.UserFilter != "" && len(cfg.Mailboxes) > 0 {
		diags = append(diags, sdk.Errorf("user_filter", "user_filter needs mailboxes unset",
			"user_filter filters the tenant's users when no mailboxes are listed; remove one of the two."))
	}
	return cfg, append(diags, cfg.checkRanges()...)
}

func (c *Config) defaults() {
	for _, d := range []struct {
		v   *string
		def string
	}{{&c.Past, DefaultPast}, {&c.Future, DefaultFuture},
		{&c.SlideEvery, DefaultSlideEvery}, {&c.MailboxBudgetWindow, DefaultMailboxBudgetWindow}} {
		if *d.v == "" {
			*d.v = d.def
		}
	}
	if c.PageSize == 0 {
		c.PageSize = DefaultPageSize
	}
	if c.MailboxBudget == 0 {
		c.MailboxBudget = DefaultMailboxBudget
	}
}

func (c *Config) checkRanges() []sdk.Diagnostic {
	var diags []sdk.Diagnostic
	if c.PageSize < 1 || c.PageSize > maxPageSize {
		diags = append(diags, sdk.Errorf("page_size", "page_size out of range", "It must be between 1 and %d, not %d.", maxPageSize, c.PageSize))
	}
	if c.Concurrency < 0 {
		diags = append(diags, sdk.Errorf("concurrency", "concurrency out of range", "It must be at least 1 (or unset, to adapt), not %d.", c.Concurrency))
	}
	if c.MaxConcurrency < 0 {
		diags = append(diags, sdk.Errorf("max_concurrency", "max_concurrency out of range", "It must be at least 1 (or unset, for %d), not %d.", graph.DefaultMaxConcurrency, c.MaxConcurrency))
	}
	if c.MailboxBudget >= 0 && c.MailboxBudget < minMailboxBudget {
		diags = append(diags, sdk.Errorf("mailbox_budget", "mailbox_budget out of range",
			"It must be at least %d requests per window (or negative for no pacing), not %d.", minMailboxBudget, c.MailboxBudget))
	}
	if d, err := time.ParseDuration(c.MailboxBudgetWindow); err != nil || d < time.Second || d > 24*time.Hour {
		diags = append(diags, sdk.Errorf("mailbox_budget_window", "Invalid mailbox_budget_window",
			"It must be a duration from 1s to 24h, such as \"10m\"; got %q.", c.MailboxBudgetWindow))
	}
	return diags
}

// limits are the Graph client's limits for a round of this source: one
// stream per mailbox reads its pages one after another.
func (c *Config) limits() graph.Limits {
	window, _ := time.ParseDuration(c.MailboxBudgetWindow) // checked by decode
	return graph.Limits{MailboxConcurrency: 4, RequestsPerSecond: c.MaxRequestsPerSecond,
		MailboxBudget: c.MailboxBudget, MailboxBudgetWindow: window, MaxConcurrency: c.MaxConcurrency}
}
