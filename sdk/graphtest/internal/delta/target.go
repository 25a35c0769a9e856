package delta

import (
	"net/url"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// Resource names a delta endpoint.
type Resource uint8

// The delta endpoints the engine serves.
const (
	Users Resource = iota + 1
	Groups
	Contacts
	Folders
	Messages
)

// Target is the collection a delta request addresses.
type Target struct {
	// Resource is the endpoint.
	Resource Resource
	// UserID is the mailbox owner for Folders and Messages.
	UserID string
	// Folder is the folder id or well-known name for Messages, and for
	// Folders the parent whose child folders a childFolders/delta request
	// asks for ("" for mailFolders/delta).
	Folder string
}

// schema returns the resource's schema.
func (r Resource) schema() *tenant.Schema {
	switch r {
	case Users:
		return tenant.UserSchema
	case Groups:
		return tenant.GroupSchema
	case Contacts:
		return tenant.ContactSchema
	case Folders:
		return tenant.FolderSchema
	default:
		return tenant.MessageSchema
	}
}

// outlook reports whether the resource follows Outlook's rules.
func (r Resource) outlook() bool { return r == Folders || r == Messages }

// path returns the resource path (after /v1.0/) used in links.
func (t Target) path(folderID string) string {
	switch t.Resource {
	case Users:
		return "users/delta"
	case Groups:
		return "groups/delta"
	case Contacts:
		return "contacts/delta"
	case Folders:
		if folderID != "" {
			return "users/" + url.PathEscape(t.UserID) + "/mailFolders/" + url.PathEscape(folderID) + "/childFolders/delta"
		}
		return "users/" + url.PathEscape(t.UserID) + "/mailFolders/delta"
	default:
		return "users/" + url.PathEscape(t.UserID) + "/mailFolders('" + strings.ReplaceAll(url.PathEscape(folderID), "'", "''") + "')/messages/delta"
	}
}
