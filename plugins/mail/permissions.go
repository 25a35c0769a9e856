package mail

import "github.com/graphlake/graphlake/sdk"

// RequiredPermissions implements sdk.PermissionDeclarer: Mail.Read, or
// Mail.ReadBasic.All when the selected properties exclude body and
// bodyPreview.
func (*Source) RequiredPermissions() []sdk.Permission {
	return []sdk.Permission{{Name: "Mail.Read"}, {Name: "Mail.ReadBasic.All", When: "without body and bodyPreview"}}
}
