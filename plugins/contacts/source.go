package contacts

import (
	"slices"

	"github.com/graphlake/graphlake/sdk"
)

// defaultSelect is the $select used when a source block names none.
var defaultSelect = []string{"displayName", "givenName", "surname", "mail", "mailNickname",
	"companyName", "department", "jobTitle", "addresses", "phones", "proxyAddresses",
	"onPremisesSyncEnabled", "onPremisesLastSyncDateTime"}

// DefaultSelect returns the properties selected when a source block names
// none.
func DefaultSelect() []string { return slices.Clone(defaultSelect) }

// Config is the contacts source block.
type Config struct {
	// Select lists the orgContact properties to request ($select).
	// Default: DefaultSelect().
	Select []string `json:"select"`
	// IDs, when set, tracks only these contacts ($filter=id eq …), in one
	// stream per chunk of at most 50 ids.
	IDs []string `json:"ids"`
	// Minimal sends Prefer: return=minimal, so that an updated contact
	// carries only its changed properties (listed in _fields). Default
	// false.
	Minimal bool `json:"minimal"`
}

// Options implements sdk.DirectoryConfig.
func (c Config) Options() sdk.DirectoryOptions {
	return sdk.DirectoryOptions{Select: c.Select, IDs: c.IDs, Minimal: c.Minimal}
}

// Source syncs /contacts/delta: stream "contacts", or one
// "contacts/<key>" per chunk of ids.
type Source = sdk.Directory[Config]

// New returns the contacts source.
func New() *Source {
	return &Source{Path: "contacts", Type: "orgContact", Table: Table(), DefaultSelect: defaultSelect,
		Permissions: []sdk.Permission{{Name: "OrgContact.Read.All"}}}
}
