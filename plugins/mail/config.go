package mail

import (
	"fmt"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/mailbox"
)

// Defaults applied to a source block's zero values.
const (
	DefaultPageSize = mailbox.DefaultPageSize
)

var defaultSelect = []string{"subject", "from", "sender", "toRecipients", "ccRecipients", "receivedDateTime",
	"sentDateTime", "isRead", "importance", "hasAttachments", "categories", "conversationId",
	"internetMessageId", "parentFolderId", "bodyPreview"}

// DefaultSelect returns the message properties selected when a source
// block names none. Graph accepts message delta without $select, but then
// returns its own default set; naming the properties keeps the columns
// the same whatever Graph's default is.
func DefaultSelect() []string { return append([]string(nil), defaultSelect...) }

// Config is the mail source block: the per-mailbox settings every
// mailbox source shares (mailboxes, user_filter, concurrency and the
// per-mailbox limits, see mailbox.Settings), and mail's own.
type Config struct {
	mailbox.Settings
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
}

// decode reads and checks a source block, filling in defaults.
func decode(config []byte) (Config, []sdk.Diagnostic) {
	var cfg Config
	if diags := sdk.DecodeConfig(config, &cfg); diags != nil {
		return cfg, diags
	}
	cfg.defaults()
	var diags []sdk.Diagnostic
	diags = append(diags, mailbox.CheckSelect(cfg.Select, "message", "subject", "isRead")...)
	diags = append(diags, mailbox.CheckPatterns("include_folders", cfg.IncludeFolders)...)
	diags = append(diags, mailbox.CheckPatterns("exclude_folders", cfg.ExcludeFolders)...)
	diags = append(diags, cfg.CheckMailboxes()...)
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
	c.Settings.Defaults()
}

func (c *Config) checkRanges() []sdk.Diagnostic {
	return append(mailbox.CheckPageSize(c.PageSize), c.CheckLimits()...)
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
