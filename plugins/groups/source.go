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

// Config is the groups source block.
type Config struct {
	// Select lists the group properties to request ($select); "members"
	// and "owners" fill group_members. Default: DefaultSelect().
	Select []string `json:"select"`
	// IDs, when set, tracks only these groups ($filter=id eq …), in one
	// stream per chunk of at most 50 ids.
	IDs []string `json:"ids"`
	// Minimal sends Prefer: return=minimal, so that an updated group
	// carries only its changed properties (listed in _fields). Default
	// false.
	Minimal bool `json:"minimal"`
}

// Options implements sdk.DirectoryConfig.
func (c Config) Options() sdk.DirectoryOptions {
	return sdk.DirectoryOptions{Select: c.Select, IDs: c.IDs, Minimal: c.Minimal}
}

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
