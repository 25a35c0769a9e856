package personalcontacts

import (
	"strings"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/mailbox"
)

// Defaults applied to a source block's zero values.
const (
	DefaultPageSize = 500
	maxPageSize     = 1000
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
	for _, p := range cfg.Select {
		if p == "" || strings.ContainsAny(p, ",/ ()$") {
			diags = append(diags, sdk.Errorf("select", "Invalid property name in select",
				"%q is not a contact property name; list one property per string, e.g. [\"displayName\", \"emailAddresses\"].", p))
		}
	}
	diags = append(diags, mailbox.CheckPatterns("include_folders", cfg.IncludeFolders)...)
	diags = append(diags, mailbox.CheckPatterns("exclude_folders", cfg.ExcludeFolders)...)
	diags = append(diags, cfg.CheckMailboxes()...)
	if cfg.PageSize < 1 || cfg.PageSize > maxPageSize {
		diags = append(diags, sdk.Errorf("page_size", "page_size out of range", "It must be between 1 and %d, not %d.", maxPageSize, cfg.PageSize))
	}
	return cfg, append(diags, cfg.CheckLimits()...)
}
