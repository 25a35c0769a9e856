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
	// Folders is a mailbox's folders of a tree (Target.Tree): mailFolders,
	// contactFolders.
	Folders
	// Messages is a folder's items: a mail folder's messages, a contact
	// folder's contacts (Target.Tree).
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
	// Tree is the Outlook tree of Folders and Messages: a
	// tenant.TreeKind's ID (0, the zero value, is mail).
	Tree uint8
}

// kind is the target's tree kind.
func (t Target) kind() *tenant.TreeKind { return tenant.TreeKindOf(t.Tree) }

// schema returns the schema of a target's objects; ok is false for a
// directory path the tenant does not register.
func (e *Engine) schema(t Target) (*tenant.Schema, bool) {
	switch t.Resource {
	case Folders:
		return t.kind().Folder, true
	case Messages:
		return t.kind().Item, true
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
			return "users/" + url.PathEscape(t.UserID) + "/" + t.kind().Collection + "/" + url.PathEscape(folderID) + "/childFolders/delta"
		}
		return "users/" + url.PathEscape(t.UserID) + "/" + t.kind().Collection + "/delta"
	default:
		return "users/" + url.PathEscape(t.UserID) + "/" + t.kind().Collection + "('" + strings.ReplaceAll(url.PathEscape(folderID), "'", "''") + "')/" + t.kind().Items + "/delta"
	}
}
