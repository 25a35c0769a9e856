package groups

import (
	"slices"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// defaultSelect is the $select used when a source block names none.
var defaultSelect = []string{"displayName", "description", "mail", "mailEnabled", "mailNickname",
	"securityEnabled", "groupTypes", "visibility", "classification", "createdDateTime",
	"renewedDateTime", "proxyAddresses", "securityIdentifier", "members"}

// DefaultSelect returns the properties selected when a source block names
// none: the groups columns Graph tracks by default, and members.
func DefaultSelect() []string { return slices.Clone(defaultSelect) }

// Config is the groups source block: select ("members" and "owners" fill
// group_members), ids and minimal.
type Config = sdk.DirectoryBlock

// Source syncs /groups/delta: stream "groups", or one "groups/<key>" per
// chunk of ids.
type Source = sdk.Directory[Config]

// New returns the groups source.
func New() *Source {
	return &Source{Path: "groups", Type: "group", Table: Table(), Related: []table.Table{MembersTable()},
		DefaultSelect: defaultSelect, Links: &links,
		Relationships: map[string]string{"members": RelationshipMember, "owners": RelationshipOwner},
		Permissions:   []sdk.Permission{{Name: "GroupMember.Read.All"}, {Name: "Group.Read.All"}}}
}
