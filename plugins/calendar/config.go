package calendar

import (
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/mailbox"
)

// Defaults applied to a source block's zero values.
const (
	DefaultPast       = "90d"
	DefaultFuture     = "365d"
	DefaultSlideEvery = "24h"
	DefaultPageSize   = mailbox.DefaultPageSize
)

// Config is the calendar source block: the mailboxes and their limits
// (mailbox.Settings: mailboxes, user_filter, concurrency, max_concurrency,
// mailbox_concurrency, max_requests_per_second, mailbox_budget,
// mailbox_budget_window), the window and the page size.
type Config struct {
	mailbox.Settings
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
	diags = append(diags, mailbox.CheckPageSize(cfg.PageSize)...)
	diags = append(diags, cfg.CheckMailboxes()...)
	return cfg, append(diags, cfg.CheckLimits()...)
}

func (c *Config) defaults() {
	c.Settings.Defaults()
	for _, d := range []struct {
		v   *string
		def string
	}{{&c.Past, DefaultPast}, {&c.Future, DefaultFuture}, {&c.SlideEvery, DefaultSlideEvery}} {
		if *d.v == "" {
			*d.v = d.def
		}
	}
	if c.PageSize == 0 {
		c.PageSize = DefaultPageSize
	}
}
