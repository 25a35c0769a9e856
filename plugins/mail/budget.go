package mail

import (
	"fmt"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graph"
)

// checkBudget checks mailbox_budget and mailbox_budget_window.
func (c *Config) checkBudget() []sdk.Diagnostic {
	var diags []sdk.Diagnostic
	if c.MailboxBudget >= 0 && c.MailboxBudget < minMailboxBudget {
		diags = append(diags, sdk.Errorf("mailbox_budget", "mailbox_budget out of range",
			"It must be at least %d requests per window (or negative for no pacing), not %d.", minMailboxBudget, c.MailboxBudget))
	}
	if _, err := c.budgetWindow(); err != nil {
		diags = append(diags, sdk.Errorf("mailbox_budget_window", "Invalid mailbox_budget_window", "%v.", err))
	}
	return diags
}

// budgetWindow parses MailboxBudgetWindow.
func (c *Config) budgetWindow() (time.Duration, error) {
	d, err := time.ParseDuration(c.MailboxBudgetWindow)
	if err != nil || d < time.Second || d > 24*time.Hour {
		return 0, fmt.Errorf("mailbox_budget_window must be a duration from 1s to 24h, such as \"10m\"; got %q", c.MailboxBudgetWindow)
	}
	return d, nil
}

// limits are the Graph client's limits for a round of this source.
func (c *Config) limits() graph.Limits {
	window, _ := c.budgetWindow() // checked by decode
	return graph.Limits{MailboxConcurrency: c.MailboxConcurrency, RequestsPerSecond: c.MaxRequestsPerSecond,
		MailboxBudget: c.MailboxBudget, MailboxBudgetWindow: window, MaxConcurrency: c.MaxConcurrency}
}
