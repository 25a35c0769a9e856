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

// PermissionRequirement is one thing a source needs Graph to allow: any
// one of AnyOf grants it. A source needs all of its requirements, those
// with an Only clause only in the configurations it names.
type PermissionRequirement struct {
	// AnyOf are the permissions that grant the requirement, as
	// alternatives; at least one.
	AnyOf []Permission
	// For, if set, says what the source does with it, e.g. "to list
	// mailboxes"; "" for what the source syncs.
	For string
	// Only, if set, is the configuration that needs it, e.g. "when
	// mailboxes is unset"; "" when every configuration does.
	Only string
}

// PermissionDeclarer is an optional ability of a Source: every application
// permission it needs, for `etl plugins` and the README's tables.
type PermissionDeclarer interface {
	// RequiredPermissions lists the source's requirements: each must be
	// granted (one of its AnyOf) for the configurations it applies to.
	RequiredPermissions() []PermissionRequirement
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

// String writes the requirement as one line: its alternatives (see
// FormatPermissions), then what it is for and when, e.g.
// "User.Read.All to list mailboxes (when mailboxes is unset)".
func (r PermissionRequirement) String() string {
	s := FormatPermissions(r.AnyOf)
	if r.For != "" {
		s += " " + r.For
	}
	if r.Only != "" {
		s += " (" + r.Only + ")"
	}
	return s
}
