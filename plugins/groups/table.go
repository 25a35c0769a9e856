package groups

import (
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// Table names and the values of group_members' relationship column.
const (
	TableName          = "groups"
	MembersTableName   = "group_members"
	RelationshipMember = "member"
	RelationshipOwner  = "owner"
)

// links maps members@delta and owners@delta to group_members rows.
var links = sdk.LinkTable{Table: MembersTableName, Parent: "groupId", Relationship: "relationship",
	Target: "memberId", TargetType: "memberType"}

// Table returns the groups table: Graph's property names as typed columns.
// Properties not listed here still reach the lake, in _extra.
func Table() table.Table {
	s, b, ts, strs := table.String(), table.Bool(), table.Timestamp(), table.List(table.String())
	return table.Table{Name: TableName, Doc: "Microsoft Graph groups (microsoft.graph.group).", Key: []string{"id"},
		Columns: []table.Column{
			{Name: "id", Type: s, Doc: "The group's object id."},
			{Name: "displayName", Type: s}, {Name: "description", Type: s}, {Name: "mail", Type: s},
			{Name: "mailEnabled", Type: b}, {Name: "mailNickname", Type: s}, {Name: "securityEnabled", Type: b},
			{Name: "groupTypes", Type: strs, Doc: `"Unified" for a Microsoft 365 group, "DynamicMembership" for a dynamic one.`},
			{Name: "visibility", Type: s}, {Name: "classification", Type: s},
			{Name: "createdDateTime", Type: ts}, {Name: "renewedDateTime", Type: ts}, {Name: "expirationDateTime", Type: ts},
			{Name: "proxyAddresses", Type: strs}, {Name: "securityIdentifier", Type: s},
			{Name: "isAssignableToRole", Type: b}, {Name: "membershipRule", Type: s},
			{Name: "membershipRuleProcessingState", Type: s}, {Name: "preferredDataLocation", Type: s},
			{Name: "preferredLanguage", Type: s}, {Name: "theme", Type: s},
			{Name: "onPremisesSyncEnabled", Type: b}, {Name: "onPremisesLastSyncDateTime", Type: ts},
			{Name: "onPremisesSecurityIdentifier", Type: s}, {Name: "onPremisesSamAccountName", Type: s},
			{Name: "onPremisesDomainName", Type: s},
		}}
}

// MembersTable returns group_members: one row per member or owner of a
// group, a child table of groups.
func MembersTable() table.Table {
	s := table.String()
	return table.Table{Name: MembersTableName, Doc: "Members and owners of Microsoft Graph groups, from members@delta and owners@delta.",
		Key: []string{"groupId", "relationship", "memberId"}, Parent: &table.Parent{Table: TableName, Columns: []string{"groupId"}},
		Columns: []table.Column{
			{Name: "groupId", Type: s, Doc: "The group's object id."},
			{Name: "relationship", Type: s, Doc: `"member" (members@delta) or "owner" (owners@delta).`},
			{Name: "memberId", Type: s, Doc: "The member's or owner's object id."},
			{Name: "memberType", Type: s, Doc: `The member's type from @odata.type: "user", "group", "orgContact", "servicePrincipal" or "device".`},
		}}
}
