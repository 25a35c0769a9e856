package mailbox

import (
	"fmt"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graph"
)

// Defaults of Settings' zero values.
const (
	// DefaultBudget is Outlook's budget per app and mailbox: 10,000
	// requests per 10 minutes.
	DefaultBudget       = 10_000
	DefaultBudgetWindow = "10m"
	// MaxConcurrencyPerMailbox is Outlook's limit of concurrent requests
	// per mailbox.
	MaxConcurrencyPerMailbox = 4
	minBudget                = 10
)

// Settings are the attributes every per-mailbox source shares: which
// mailboxes, how many at once, and the per-mailbox limits. A source's
// config struct embeds it (without a json tag), so that its attributes sit
// beside the source's own; call Defaults after decoding, then Check.
type Settings struct {
	// Mailboxes lists the mailboxes to sync, by user object id or user
	// principal name (resolved to the object id, so stream ids survive a
	// UPN change). Empty: every user of the tenant, listed each round.
	Mailboxes []string `json:"mailboxes"`
	// UserFilter is a $filter for listing users when Mailboxes is empty,
	// e.g. "startswith(userPrincipalName,'a')".
	UserFilter string `json:"user_filter"`
	// Concurrency is how many mailboxes sync at once. Unset (the default):
	// the client's adaptive request limit, which grows while Graph answers
	// fast and unthrottled and backs off when it throttles (see
	// graph.Limits.Concurrency), shared among the streams a mailbox runs
	// at once (MailboxConcurrency for Folders, one for Stream).
	Concurrency int `json:"concurrency"`
	// MaxConcurrency is the most requests in flight at once, tenant-wide,
	// that the adaptive limit grows to (default
	// graph.DefaultMaxConcurrency, 2048).
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
	// BatchSize is how many incremental rounds' first requests go to
	// Graph together in one JSON batch (default graph.DefaultBatchSize,
	// 20, Graph's most; 1 sends each alone). See graph.Limits.BatchSize.
	BatchSize int `json:"batch_size"`
}

// Defaults fills in the zero values' defaults.
func (s *Settings) Defaults() {
	if s.MailboxConcurrency == 0 {
		s.MailboxConcurrency = MaxConcurrencyPerMailbox
	}
	if s.MailboxBudget == 0 {
		s.MailboxBudget = DefaultBudget
	}
	if s.MailboxBudgetWindow == "" {
		s.MailboxBudgetWindow = DefaultBudgetWindow
	}
}

// CheckMailboxes checks mailboxes and user_filter.
func (s *Settings) CheckMailboxes() []sdk.Diagnostic {
	var diags []sdk.Diagnostic
	for _, m := range s.Mailboxes {
		if strings.TrimSpace(m) == "" || strings.ContainsAny(m, "/?#") {
			diags = append(diags, sdk.Errorf("mailboxes", "Invalid mailbox", "%q is not a user id or user principal name.", m))
		}
	}
	if s.UserFilter != "" && len(s.Mailboxes) > 0 {
		diags = append(diags, sdk.Errorf("user_filter", "user_filter needs mailboxes unset",
			"user_filter filters the tenant's users when no mailboxes are listed; remove one of the two."))
	}
	return diags
}

// CheckLimits checks the concurrency, rate and budget attributes.
func (s *Settings) CheckLimits() []sdk.Diagnostic {
	var diags []sdk.Diagnostic
	if s.Concurrency < 0 {
		diags = append(diags, sdk.Errorf("concurrency", "concurrency out of range", "It must be at least 1 (or unset, to adapt), not %d.", s.Concurrency))
	}
	if s.MaxConcurrency < 0 {
		diags = append(diags, sdk.Errorf("max_concurrency", "max_concurrency out of range", "It must be at least 1 (or unset, for %d), not %d.", graph.DefaultMaxConcurrency, s.MaxConcurrency))
	}
	if s.MailboxConcurrency < 1 || s.MailboxConcurrency > MaxConcurrencyPerMailbox {
		diags = append(diags, sdk.Errorf("mailbox_concurrency", "mailbox_concurrency out of range",
			"It must be between 1 and %d (Outlook serves at most 4 concurrent requests per mailbox), not %d.", MaxConcurrencyPerMailbox, s.MailboxConcurrency))
	}
	if s.MailboxBudget >= 0 && s.MailboxBudget < minBudget {
		diags = append(diags, sdk.Errorf("mailbox_budget", "mailbox_budget out of range",
			"It must be at least %d requests per window (or negative for no pacing), not %d.", minBudget, s.MailboxBudget))
	}
	if s.BatchSize < 0 || s.BatchSize > graph.DefaultBatchSize {
		diags = append(diags, sdk.Errorf("batch_size", "batch_size out of range",
			"It must be between 1 (each request alone) and %d (Graph's most requests in one JSON batch), not %d.", graph.DefaultBatchSize, s.BatchSize))
	}
	if _, err := s.budgetWindow(); err != nil {
		diags = append(diags, sdk.Errorf("mailbox_budget_window", "Invalid mailbox_budget_window", "%v.", err))
	}
	return diags
}

// budgetWindow parses MailboxBudgetWindow.
func (s *Settings) budgetWindow() (time.Duration, error) {
	d, err := time.ParseDuration(s.MailboxBudgetWindow)
	if err != nil || d < time.Second || d > 24*time.Hour {
		return 0, fmt.Errorf("mailbox_budget_window must be a duration from 1s to 24h, such as \"10m\"; got %q", s.MailboxBudgetWindow)
	}
	return d, nil
}

// Limits are the Graph client's limits for a round under these settings
// (Run applies them; a source needs them only to inspect them).
func (s *Settings) Limits() graph.Limits {
	window, _ := s.budgetWindow() // checked by CheckLimits
	return graph.Limits{MailboxConcurrency: s.MailboxConcurrency, RequestsPerSecond: s.MaxRequestsPerSecond,
		MailboxBudget: s.MailboxBudget, MailboxBudgetWindow: window, MaxConcurrency: s.MaxConcurrency, BatchSize: s.BatchSize}
}
