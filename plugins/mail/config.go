package mail

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graph"
)

// Defaults applied to a source block's zero values.
const (
	DefaultPageSize            = 500
	DefaultMailboxBudget       = 10_000
	DefaultMailboxBudgetWindow = "10m"
	minMailboxBudget           = 10
	maxPageSize                = 1000
	maxMailboxConcurrency      = 4
)

var defaultSelect = []string{"subject", "from", "sender", "toRecipients", "ccRecipients", "receivedDateTime",
	"sentDateTime", "isRead", "importance", "hasAttachments", "categories", "conversationId",
	"internetMessageId", "parentFolderId", "bodyPreview"}

// DefaultSelect returns the message properties selected when a source
// block names none. Graph accepts message delta without $select, but then
// returns its own default set; naming the properties keeps the columns
// the same whatever Graph's default is.
func DefaultSelect() []string { return append([]string(nil), defaultSelect...) }

// Config is the mail source block.
type Config struct {
	// Mailboxes lists the mailboxes to sync, by user object id or user
	// principal name (resolved to the object id, so stream ids survive a
	// UPN change). Empty: every user of the tenant, listed each round.
	Mailboxes []string `json:"mailboxes"`
	// UserFilter is a $filter for listing users when Mailboxes is empty,
	// e.g. "startswith(userPrincipalName,'a')".
	UserFilter string `json:"user_filter"`
	// IncludeFolders, when set, limits the synced folders to those matching
	// an entry: a well-known folder name (inbox, sentitems, drafts,
	// deleteditems, junkemail, archive, …) matches that folder; any other
	// entry is a case-insensitive glob on the display name ("Projects*").
	// An entry applies to the folder itself, not to its child folders.
	IncludeFolders []string `json:"include_folders"`
	// ExcludeFolders removes matching folders, with the same syntax.
	ExcludeFolders []string `json:"exclude_folders"`
	// Select lists the message properties to request. Default:
	// DefaultSelect().
	Select []string `json:"select"`
	// Since, when set, limits a folder's first round to messages received
	// at or after it (RFC 3339 or YYYY-MM-DD); Graph caps such a round at
	// 5,000 messages per folder.
	Since string `json:"since"`
	// PageSize is Prefer: odata.maxpagesize, sent on every page (default
	// 500, at most 1000). Large pages spend less of a mailbox's request
	// budget.
	PageSize int `json:"page_size"`
	// pageSizeUnset is true when PageSize took the default.
	pageSizeUnset bool
	// Concurrency is how many mailboxes sync at once. Unset (the default):
	// as many as the client's adaptive request limit, which grows while
	// Graph answers fast and unthrottled and backs off when it throttles
	// (see graph.Limits.Concurrency).
	Concurrency int `json:"concurrency"`
	// MaxConcurrency is the most requests in flight at once, tenant-wide,
	// that the adaptive limit grows to (default
	// graph.DefaultMaxConcurrency, 1024).
	MaxConcurrency int `json:"max_concurrency"`
	// MailboxConcurrency is the most requests in flight per mailbox
	// (default and most 4, Outlook's limit).
	MailboxConcurrency int `json:"mailbox_concurrency"`
	// MaxRequestsPerSecond is a tenant-wide request ceiling of the source
	// (default: none). Without one, the rate is set by the adaptive
	// concurrency and, once Graph throttles, by the adaptive rate.
	MaxRequestsPerSecond float64 `json:"max_requests_per_second"`
	// MailboxBudget is the most requests sent to one mailbox per
	// MailboxBudgetWindow, retries included (default 10,000, Outlook's
	// budget per app and mailbox; at least 10; negative: no pacing). The
	// client paces each mailbox under it instead of being throttled past
	// it; lower it when other tools use the same app registration.
	MailboxBudget int `json:"mailbox_budget"`
	// MailboxBudgetWindow is the budget's window, a Go duration from "1s"
	// to "24h" (default "10m").
	MailboxBudgetWindow string `json:"mailbox_budget_window"`
}

// decode reads and checks a source block, filling in defaults.
func decode(config []byte) (Config, []sdk.Diagnostic) {
	var cfg Config
	if diags := sdk.DecodeConfig(config, &cfg); diags != nil {
		return cfg, diags
	}
	cfg.defaults()
	var diags []sdk.Diagnostic
	for _, p := range cfg.Select {
		if p == "" || strings.ContainsAny(p, ",/ ()$") {
			diags = append(diags, sdk.Errorf("select", "Invalid property name in select",
				"%q is not a message property name; list one property per string, e.g. [\"subject\", \"isRead\"].", p))
		}
	}
	for _, a := range []struct {
		attr string
		list []string
	}{{"include_folders", cfg.IncludeFolders}, {"exclude_folders", cfg.ExcludeFolders}} {
		for _, p := range a.list {
			if _, err := path.Match(strings.ToLower(p), ""); err != nil || p == "" {
				diags = append(diags, sdk.Errorf(a.attr, "Invalid folder pattern",
					"%q is neither a well-known folder name nor a valid glob (use * and ?, and [] for sets).", p))
			}
		}
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
	if _, err := cfg.since(); err != nil {
		diags = append(diags, sdk.Errorf("since", "Invalid since", "%v; write e.g. \"2025-01-31\" or \"2025-01-31T08:00:00Z\".", err))
	}
	diags = append(diags, cfg.checkRanges()...)
	return cfg, diags
}

func (c *Config) defaults() {
	if c.Select == nil {
		c.Select = DefaultSelect()
	}
	if c.PageSize == 0 {
		c.PageSize, c.pageSizeUnset = DefaultPageSize, true
	}
	if c.MailboxConcurrency == 0 {
		c.MailboxConcurrency = maxMailboxConcurrency
	}
	if c.MailboxBudget == 0 {
		c.MailboxBudget = DefaultMailboxBudget
	}
	if c.MailboxBudgetWindow == "" {
		c.MailboxBudgetWindow = DefaultMailboxBudgetWindow
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
	if c.MailboxConcurrency < 1 || c.MailboxConcurrency > maxMailboxConcurrency {
		diags = append(diags, sdk.Errorf("mailbox_concurrency", "mailbox_concurrency out of range",
			"It must be between 1 and %d (Outlook serves at most 4 concurrent requests per mailbox), not %d.", maxMailboxConcurrency, c.MailboxConcurrency))
	}
	diags = append(diags, c.checkBudget()...)
	return diags
}

// since parses Since; the zero time when unset.
func (c *Config) since() (time.Time, error) {
	if c.Since == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, c.Since); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, c.Since)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor YYYY-MM-DD", c.Since)
	}
	return t, nil
}
