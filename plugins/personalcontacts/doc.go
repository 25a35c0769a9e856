// Package personalcontacts is the personal contacts source: the contacts
// users keep in their Outlook mailboxes (not the tenant's organisational
// contacts, which the contacts source syncs), written to the tables
// contact_folders and personal_contacts.
//
// It is a declaration that package sdk/mailbox runs (mailbox.Folders):
// per mailbox a folders stream, /users/{id}/contactFolders/delta
// ("<userId>/folders"), then one contacts stream per synced folder,
// /users/{id}/contactFolders/{folderId}/contacts/delta ("<userId>/<folderId>"),
// the default Contacts folder included. Graph documents the
// contactFolders list as the folders in the default Contacts folder: the
// default folder itself may be missing from the delta, so every round
// reads it as contactFolders/contacts (one request per mailbox) and syncs
// it as any folder. Contact folders have no child folder count: whether
// the delta holds nested folders is decided by the folders stream's full
// rounds (see mailbox.Folders.ChildCount); when it does not, the tree is
// listed through childFolders every round.
//
// The folder rules are mail's: a deleted folder ends its contacts stream
// and takes its contacts with it (the parent link from personal_contacts
// to contact_folders), a contact moved to another folder is a removal
// under the old folder and an upsert under the new one, partial updates
// write only the properties Graph sent.
//
// Permissions: Contacts.Read (application); User.Read.All to list the
// tenant's users (mailboxes unset) or to resolve a user principal name.
//
// What this package is not responsible for: storing deltaLinks, retrying
// failed streams and sweeping rows a full round no longer returns (the
// host does).
package personalcontacts
