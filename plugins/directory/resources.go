package directory

import (
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// Declaration is one directory resource of the source: a delta query and
// the tables it fills.
type Declaration = sdk.Directory[sdk.DirectoryBlock]

// resource is one value of the resources attribute and its declaration.
type resource struct {
	name string
	decl *Declaration
}

// selectOf returns the properties a table's columns hold (all but id), and
// extra ones (relationships).
func selectOf(t table.Table, extra ...string) []string {
	var out []string
	for _, c := range t.Columns {
		if c.Name != "id" {
			out = append(out, c.Name)
		}
	}
	return append(out, extra...)
}

// directoryReadAll reads every resource of the source.
const directoryReadAll = "Directory.Read.All"

// declare returns a resource whose $select is every column of its table,
// read with perm (its least-privileged permission) or Directory.Read.All.
func declare(path, typ string, t table.Table, perm string) *Declaration {
	perms := []sdk.Permission{{Name: perm}}
	if perm != directoryReadAll {
		perms = append(perms, sdk.Permission{Name: directoryReadAll})
	}
	return &Declaration{Path: path, Type: typ, Table: t, DefaultSelect: selectOf(t), Permissions: perms}
}

// withMembers makes a resource take members@delta into a membership table.
func withMembers(d *Declaration, links *sdk.LinkTable, members table.Table) *Declaration {
	d.DefaultSelect = append(d.DefaultSelect, "members")
	d.Related, d.Links = []table.Table{members}, links
	d.Relationships = map[string]string{"members": "member"}
	return d
}

// resources returns the source's resources in the order of the resources
// attribute's documentation.
func resources() []resource {
	return []resource{
		{Applications, declare("applications", "application", ApplicationsTable(), "Application.Read.All")},
		{ServicePrincipals, declare("servicePrincipals", "servicePrincipal", ServicePrincipalsTable(), "Application.Read.All")},
		{Devices, declare("devices", "device", DevicesTable(), "Device.Read.All")},
		{DirectoryRoles, withMembers(declare("directoryRoles", "directoryRole", DirectoryRolesTable(), "RoleManagement.Read.Directory"),
			&roleLinks, DirectoryRoleMembersTable())},
		{AdministrativeUnits, withMembers(declare("administrativeUnits", "administrativeUnit", AdministrativeUnitsTable(), "AdministrativeUnit.Read.All"),
			&unitLinks, AdministrativeUnitMembersTable())},
		// Graph documents no narrower permission than Directory.Read.All for
		// /oauth2PermissionGrants/delta.
		{PermissionGrants, declare("oauth2PermissionGrants", "oAuth2PermissionGrant", PermissionGrantsTable(), directoryReadAll)},
	}
}
