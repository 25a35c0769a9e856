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

// Config is the contacts source block: select, ids and minimal.
type Config = sdk.DirectoryBlock

// Source syncs /contacts/delta: stream "contacts", or one
// "contacts/<key>" per chunk of ids.
type Source = sdk.Directory[Config]

// New returns the contacts source.
func New() *Source {
	return &Source{Path: "contacts", Type: "orgContact", Table: Table(), DefaultSelect: defaultSelect,
		Permissions: []sdk.Permission{{Name: "OrgContact.Read.All"}}}
}
