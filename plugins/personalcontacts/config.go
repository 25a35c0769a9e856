package personalcontacts

import (
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/mailbox"
)

// Defaults applied to a source block's zero values.
const (
	DefaultPageSize = mailbox.DefaultPageSize
)

var defaultSelect = []string{"displayName", "givenName", "middleName", "surname", "nickName", "title", "fileAs",
	"companyName", "jobTitle", "department", "officeLocation", "profession", "businessHomePage",
	"emailAddresses", "imAddresses", "businessPhones", "homePhones", "mobilePhone", "businessAddress",
	"homeAddress", "categories", "birthday", "personalNotes", "createdDateTime", "lastModifiedDateTime",
	"changeKey", "parentFolderId"}

// DefaultSelect returns the contact properties selected when a source
// block names none.
func DefaultSelect() []string { return append([]string(nil), defaultSelect...) }

// Config is the personal_contacts source block: the per-mailbox settings
// every mailbox source shares (mailboxes, user_filter, concurrency and the
// per-mailbox limits, see mailbox.Settings), and its own.
type Config struct {
	mailbox.Settings
	// IncludeFolders, when set, limits the synced contact folders to those
	// matching an entry: "contacts" matches the default Contacts folder;
	// any other entry is a case-insensitive glob on the display name
	// ("Clients*"). An entry applies to the folder itself, not to its
	// child folders.
	IncludeFolders []string `json:"include_folders"`
	// ExcludeFolders removes matching folders, with the same syntax.
	ExcludeFolders []string `json:"exclude_folders"`
	// Select lists the contact properties to request. Default:
	// DefaultSelect().
	Select []string `json:"select"`
	// PageSize is Prefer: odata.maxpagesize (default 500, at most 1000).
	PageSize int `json:"page_size"`
}

// wellKnownNames are the contact folder names a filter entry may use.
var wellKnownNames = map[string]bool{"contacts": true}

// decode reads and checks a source block, filling in defaults.
func decode(config []byte) (Config, []sdk.Diagnostic) {
	var cfg Config
	if diags := sdk.DecodeConfig(config, &cfg); diags != nil {
		return cfg, diags
	}
	if cfg.Select == nil {
		cfg.Select = DefaultSelect()
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = DefaultPageSize
	}
	cfg.Settings.Defaults()
	var diags []sdk.Diagnostic
	diags = append(diags, mailbox.CheckSelect(cfg.Select, "contact", "displayName", "emailAddresses")...)
	diags = append(diags, mailbox.CheckPatterns("include_folders", cfg.IncludeFolders)...)
	diags = append(diags, mailbox.CheckPatterns("exclude_folders", cfg.ExcludeFolders)...)
	diags = append(diags, cfg.CheckMailboxes()...)
	diags = append(diags, mailbox.CheckPageSize(cfg.PageSize)...)
	return cfg, append(diags, cfg.CheckLimits()...)
}
