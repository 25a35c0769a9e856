package calendar

import "github.com/graphlake/graphlake/sdk"

// RequiredPermissions implements sdk.PermissionDeclarer: Calendars.Read
// for calendarView/delta, and User.Read.All to list the tenant's users
// (mailboxes unset) or to resolve a user principal name in mailboxes.
func (*Source) RequiredPermissions() []sdk.PermissionRequirement {
	return []sdk.PermissionRequirement{
		{AnyOf: []sdk.Permission{{Name: "Calendars.Read"}}},
		{AnyOf: []sdk.Permission{{Name: "User.Read.All"}}, For: "to find mailboxes",
			Only: "when mailboxes is unset or names a user principal name"},
	}
}
