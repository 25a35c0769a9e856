package directory

import (
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// DevicesTable returns devices: one row per device registered or joined.
func DevicesTable() table.Table {
	s, b, ts, strs := table.String(), table.Bool(), table.Timestamp(), table.List(table.String())
	altID := table.Struct(col("type", table.Int64()), col("identityProvider", s), col("key", s))
	return table.Table{Name: Devices, Doc: "Devices (microsoft.graph.device).", Key: []string{"id"},
		Columns: []table.Column{
			{Name: "id", Type: s, Doc: "The device's object id."},
			col("accountEnabled", b), {Name: "deviceId", Type: s, Doc: "The id the device registration service set."},
			col("displayName", s), col("operatingSystem", s), col("operatingSystemVersion", s), col("manufacturer", s),
			col("model", s), {Name: "trustType", Type: s, Doc: `"AzureAd" (joined), "ServerAd" (hybrid joined) or "Workplace" (registered).`},
			col("profileType", s), col("isCompliant", b), col("isManaged", b), col("deviceOwnership", s),
			col("enrollmentType", s), col("managementType", s), col("mdmAppId", s), col("registrationDateTime", ts),
			col("approximateLastSignInDateTime", ts), col("physicalIds", strs),
			{Name: "alternativeSecurityIds", Type: table.List(altID), Doc: "key is Graph's base64 of the binary key identifier."},
			col("onPremisesSyncEnabled", b),
		}}
}

// DirectoryRolesTable returns directory_roles: one row per activated role.
func DirectoryRolesTable() table.Table {
	s := table.String()
	return table.Table{Name: DirectoryRoles, Doc: "Activated Entra ID roles (microsoft.graph.directoryRole).", Key: []string{"id"},
		Columns: []table.Column{
			{Name: "id", Type: s, Doc: "The role's object id in the tenant."},
			col("displayName", s), col("description", s),
			{Name: "roleTemplateId", Type: s, Doc: "The built-in role's template id, the same in every tenant."},
		}}
}

// AdministrativeUnitsTable returns administrative_units.
func AdministrativeUnitsTable() table.Table {
	s, b := table.String(), table.Bool()
	return table.Table{Name: AdministrativeUnits, Doc: "Administrative units (microsoft.graph.administrativeUnit).", Key: []string{"id"},
		Columns: []table.Column{
			{Name: "id", Type: s, Doc: "The unit's object id."},
			col("displayName", s), col("description", s), {Name: "visibility", Type: s, Doc: `"HiddenMembership" or null (public).`},
			{Name: "membershipType", Type: s, Doc: `"Assigned" or "Dynamic".`}, col("membershipRule", s),
			col("membershipRuleProcessingState", s), col("isMemberManagementRestricted", b),
		}}
}

// PermissionGrantsTable returns oauth2_permission_grants.
func PermissionGrantsTable() table.Table {
	s := table.String()
	return table.Table{Name: PermissionGrants, Doc: "Delegated permission grants (microsoft.graph.oAuth2PermissionGrant).", Key: []string{"id"},
		Columns: []table.Column{
			{Name: "id", Type: s, Doc: "The grant's id."},
			{Name: "clientId", Type: s, Doc: "The object id of the client service principal the grant is for."},
			{Name: "consentType", Type: s, Doc: `"AllPrincipals" (admin consent for every user) or "Principal" (one user).`},
			{Name: "principalId", Type: s, Doc: "The user's object id for consentType Principal; null otherwise."},
			{Name: "resourceId", Type: s, Doc: "The object id of the resource (API) service principal."},
			{Name: "scope", Type: s, Doc: "The delegated permissions granted, space-separated, e.g. \"User.Read Mail.Read\"."},
		}}
}

// roleLinks and unitLinks take members@delta into the membership tables.
var (
	roleLinks = sdk.LinkTable{Table: DirectoryRoleMembers, Parent: "directoryRoleId", Target: "memberId", TargetType: "memberType"}
	unitLinks = sdk.LinkTable{Table: AdministrativeUnitMembers, Parent: "administrativeUnitId", Target: "memberId", TargetType: "memberType"}
)

// membersTable returns a membership table of links, a child table of parent.
func membersTable(links sdk.LinkTable, parent, doc, kinds string) table.Table {
	s := table.String()
	return table.Table{Name: links.Table, Doc: doc, Key: []string{links.Parent, links.Target},
		Parent: &table.Parent{Table: parent, Columns: []string{links.Parent}},
		Columns: []table.Column{
			{Name: links.Parent, Type: s, Doc: "The parent's object id."},
			{Name: links.Target, Type: s, Doc: "The member's object id."},
			{Name: links.TargetType, Type: s, Doc: "The member's type from @odata.type: " + kinds + "."},
		}}
}

// DirectoryRoleMembersTable returns directory_role_members, a child table
// of directory_roles.
func DirectoryRoleMembersTable() table.Table {
	return membersTable(roleLinks, DirectoryRoles, "Members of activated roles, from members@delta.",
		`"user", "group" (role-assignable) or "servicePrincipal"`)
}

// AdministrativeUnitMembersTable returns administrative_unit_members, a
// child table of administrative_units.
func AdministrativeUnitMembersTable() table.Table {
	return membersTable(unitLinks, AdministrativeUnits, "Members of administrative units, from members@delta.",
		`"user", "group" or "device"`)
}
