package sdk

import "strings"

// Permission is a Microsoft Graph application permission that lets a
// source read what it syncs.
type Permission struct {
	// Name is the permission, e.g. "User.Read.All".
	Name string
	// When, if set, is the condition under which Name is enough, e.g.
	// "without bodyPreview"; "" when it always is.
	When string
}

// PermissionDeclarer is an optional ability of a Source: the application
// permissions it needs, as alternatives (any one of them is enough), for
// `etl plugins` and the README's tables.
type PermissionDeclarer interface {
	RequiredPermissions() []Permission
}

// FormatPermissions writes alternatives as one line, e.g.
// "Group.Read.All or GroupMember.Read.All", each with its condition in
// parentheses.
func FormatPermissions(perms []Permission) string {
	parts := make([]string, len(perms))
	for i, p := range perms {
		parts[i] = p.Name
		if p.When != "" {
			parts[i] += " (" + p.When + ")"
		}
	}
	return strings.Join(parts, " or ")
}
