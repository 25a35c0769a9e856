package personalcontacts

import "github.com/graphlake/graphlake/sdk"

// RequiredPermissions implements sdk.PermissionDeclarer: Contacts.Read for
// the contact folders and contacts, and User.Read.All to list the
// tenant's users (mailboxes unset) or to resolve a user principal name in
// mailboxes.
func (*Source) RequiredPermissions() []sdk.PermissionRequirement {
	return []sdk.PermissionRequirement{
		{AnyOf: []sdk.Permission{{Name: "Contacts.Read"}}},
		{AnyOf: []sdk.Permission{{Name: "User.Read.All"}}, For: "to find mailboxes",
			Only: "when mailboxes is unset or names a user principal name"},
	}
}
