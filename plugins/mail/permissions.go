package mail

import "github.com/graphlake/graphlake/sdk"

// RequiredPermissions implements sdk.PermissionDeclarer: Mail.Read, or
// Mail.ReadBasic.All when the selected properties exclude body and
// bodyPreview, for the folders and messages; and User.Read.All to list
// the tenant's users (mailboxes unset) or to resolve a user principal
// name in mailboxes (see round.mailboxes and round.listed).
func (*Source) RequiredPermissions() []sdk.PermissionRequirement {
	return []sdk.PermissionRequirement{
		{AnyOf: []sdk.Permission{{Name: "Mail.Read"}, {Name: "Mail.ReadBasic.All", When: "without body and bodyPreview"}}},
		{AnyOf: []sdk.Permission{{Name: "User.Read.All"}}, For: "to find mailboxes",
			Only: "when mailboxes is unset or names a user principal name"},
	}
}
