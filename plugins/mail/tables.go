package mail

import "github.com/graphlake/graphlake/sdk/table"

// Table names.
const (
	FoldersTable  = "mail_folders"
	MessagesTable = "messages"
)

// Folders returns the mail_folders table: one row per folder of a synced
// mailbox, keyed by (userId, id).
func Folders() table.Table {
	s, n, b := table.String(), table.Int64(), table.Bool()
	return table.Table{Name: FoldersTable, Doc: "Mail folders (microsoft.graph.mailFolder) of the synced mailboxes, child folders included.",
		Key: []string{"userId", "id"}, ShardKey: "userId",
		Columns: []table.Column{
			{Name: "userId", Type: s, Doc: "The mailbox owner's user object id."},
			{Name: "id", Type: s, Doc: "The folder's id."},
			{Name: "displayName", Type: s}, {Name: "parentFolderId", Type: s},
			{Name: "childFolderCount", Type: n}, {Name: "unreadItemCount", Type: n},
			{Name: "totalItemCount", Type: n}, {Name: "isHidden", Type: b},
		}}
}

// Messages returns the messages table: one row per message and folder,
// keyed by (userId, folderId, id). A message moved to another folder is a
// deletion under its old folder and an upsert under its new one, whatever
// order the two folders' streams run in; a deleted folder takes its rows
// with it (the parent link to mail_folders).
func Messages() table.Table {
	s, b, ts := table.String(), table.Bool(), table.Timestamp()
	email := table.Struct(table.Column{Name: "name", Type: s}, table.Column{Name: "address", Type: s})
	recipient := table.Struct(table.Column{Name: "emailAddress", Type: email})
	recipients := table.List(recipient)
	zoned := table.Struct(table.Column{Name: "dateTime", Type: s}, table.Column{Name: "timeZone", Type: s})
	return table.Table{Name: MessagesTable, Doc: "Messages (microsoft.graph.message) by mailbox and folder; ids are immutable ids.",
		Key:      []string{"userId", "folderId", "id"},
		ShardKey: "userId",
		Parent:   &table.Parent{Table: FoldersTable, Columns: []string{"userId", "folderId"}},
		Columns: []table.Column{
			{Name: "userId", Type: s, Doc: "The mailbox owner's user object id."},
			{Name: "folderId", Type: s, Doc: "The folder whose delta stream reported the row."},
			{Name: "id", Type: s, Doc: "The message's immutable id (Prefer: IdType=\"ImmutableId\"): a move keeps it."},
			{Name: "subject", Type: s}, {Name: "bodyPreview", Type: s},
			{Name: "body", Type: table.Struct(table.Column{Name: "contentType", Type: s}, table.Column{Name: "content", Type: s})},
			{Name: "from", Type: recipient}, {Name: "sender", Type: recipient},
			{Name: "toRecipients", Type: recipients}, {Name: "ccRecipients", Type: recipients},
			{Name: "bccRecipients", Type: recipients}, {Name: "replyTo", Type: recipients},
			{Name: "receivedDateTime", Type: ts}, {Name: "sentDateTime", Type: ts},
			{Name: "createdDateTime", Type: ts}, {Name: "lastModifiedDateTime", Type: ts},
			{Name: "isRead", Type: b}, {Name: "isDraft", Type: b}, {Name: "hasAttachments", Type: b},
			{Name: "importance", Type: s}, {Name: "inferenceClassification", Type: s},
			{Name: "categories", Type: table.List(s)}, {Name: "conversationId", Type: s},
			{Name: "internetMessageId", Type: s}, {Name: "parentFolderId", Type: s}, {Name: "changeKey", Type: s},
			{Name: "webLink", Type: s},
			{Name: "flag", Type: table.Struct(table.Column{Name: "flagStatus", Type: s},
				table.Column{Name: "startDateTime", Type: zoned}, table.Column{Name: "dueDateTime", Type: zoned},
				table.Column{Name: "completedDateTime", Type: zoned})},
		}}
}
