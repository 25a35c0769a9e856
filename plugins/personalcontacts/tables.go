package personalcontacts

import "github.com/graphlake/graphlake/sdk/table"

// Table names.
const (
	FoldersTable  = "contact_folders"
	ContactsTable = "personal_contacts"
)

// Folders returns the contact_folders table: one row per contact folder of
// a synced mailbox, the default Contacts folder and nested folders
// included, keyed by (userId, id).
func Folders() table.Table {
	s := table.String()
	return table.Table{Name: FoldersTable, Doc: "Personal contact folders (microsoft.graph.contactFolder) of the synced mailboxes, the default Contacts folder included.",
		Key: []string{"userId", "id"}, ShardKey: "userId",
		Columns: []table.Column{
			{Name: "userId", Type: s, Doc: "The mailbox owner's user object id."},
			{Name: "id", Type: s, Doc: "The folder's id."},
			{Name: "displayName", Type: s},
			{Name: "parentFolderId", Type: s, Doc: "The parent folder's id; the default Contacts folder's parent is the mailbox's root folder."},
		}}
}

// Contacts returns the personal_contacts table: one row per contact and
// folder, keyed by (userId, folderId, id) as messages are: a contact moved
// to another folder is a deletion under its old folder and an upsert
// under its new one, whatever order the two folders' streams run in; a
// deleted folder takes its rows with it (the parent link to
// contact_folders).
func Contacts() table.Table {
	s, ts := table.String(), table.Timestamp()
	strs := table.List(s)
	email := table.List(table.Struct(table.Column{Name: "name", Type: s}, table.Column{Name: "address", Type: s}))
	address := table.Struct(table.Column{Name: "street", Type: s}, table.Column{Name: "city", Type: s},
		table.Column{Name: "state", Type: s}, table.Column{Name: "countryOrRegion", Type: s}, table.Column{Name: "postalCode", Type: s})
	return table.Table{Name: ContactsTable, Doc: "Personal contacts (microsoft.graph.contact) by mailbox and folder; ids are immutable ids.",
		Key: []string{"userId", "folderId", "id"}, ShardKey: "userId",
		Parent: &table.Parent{Table: FoldersTable, Columns: []string{"userId", "folderId"}},
		Columns: []table.Column{
			{Name: "userId", Type: s, Doc: "The mailbox owner's user object id."},
			{Name: "folderId", Type: s, Doc: "The folder whose delta stream reported the row."},
			{Name: "id", Type: s, Doc: "The contact's immutable id (Prefer: IdType=\"ImmutableId\"): a move keeps it."},
			{Name: "displayName", Type: s}, {Name: "givenName", Type: s}, {Name: "middleName", Type: s},
			{Name: "surname", Type: s}, {Name: "nickName", Type: s}, {Name: "title", Type: s}, {Name: "fileAs", Type: s},
			{Name: "companyName", Type: s}, {Name: "jobTitle", Type: s}, {Name: "department", Type: s},
			{Name: "officeLocation", Type: s}, {Name: "profession", Type: s}, {Name: "businessHomePage", Type: s},
			{Name: "emailAddresses", Type: email}, {Name: "imAddresses", Type: strs},
			{Name: "businessPhones", Type: strs}, {Name: "homePhones", Type: strs}, {Name: "mobilePhone", Type: s},
			{Name: "businessAddress", Type: address}, {Name: "homeAddress", Type: address},
			{Name: "categories", Type: strs}, {Name: "birthday", Type: ts}, {Name: "personalNotes", Type: s},
			{Name: "createdDateTime", Type: ts}, {Name: "lastModifiedDateTime", Type: ts},
			{Name: "changeKey", Type: s}, {Name: "parentFolderId", Type: s},
		}}
}
