package delta

import (
	"net/url"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// Resource names the kind of a delta endpoint.
type Resource uint8

// The kinds of delta endpoints the engine serves.
const (
	// Directory is a registered directory resource (users, groups,
	// contacts, or one a test registered): Target.Path names it.
	Directory Resource = iota + 1
	// Folders is a mailbox's mailFolders.
	Folders
	// Messages is a mail folder's messages.
	Messages
)

// Target is the collection a delta request addresses.
type Target struct {
	// Resource is the endpoint.
	Resource Resource
	// Path is a Directory target's registered path, e.g. "users".
	Path string
	// UserID is the mailbox owner for Folders and Messages.
	UserID string
	// Folder is the folder id or well-known name for Messages, and for
	// Folders the parent whose child folders a childFolders/delta request
	// asks for ("" for mailFolders/delta).
	Folder string
}

// schema returns the schema of a target's objects; ok is false for a
// directory path the tenant does not register.
func (e *Engine) schema(t Target) (*tenant.Schema, bool) {
	switch t.Resource {
	case Folders:
		return tenant.FolderSchema, true
	case Messages:
		return tenant.MessageSchema, true
	}
	r, ok := e.tenant.Directory(t.Path)
	if !ok {
		return nil, false
	}
	return r.Schema, true
}

// outlook reports whether the resource follows Outlook's rules.
func (r Resource) outlook() bool { return r == Folders || r == Messages }

// path returns the resource path (after /v1.0/) used in links.
func (t Target) path(folderID string) string {
	switch t.Resource {
	case Directory:
		return t.Path + "/delta"
	case Folders:
		if folderID != "" {
			return "users/" + url.PathEscape(t.UserID) + "/mailFolders/" + url.PathEscape(folderID) + "/childFolders/delta"
		}
		return "users/" + url.PathEscape(t.UserID) + "/mailFolders/delta"
	default:
		return "users/" + url.PathEscape(t.UserID) + "/mailFolders('" + strings.ReplaceAll(url.PathEscape(folderID), "'", "''") + "')/messages/delta"
	}
}
