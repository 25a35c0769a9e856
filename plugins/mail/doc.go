// Package mail is the mail source: every folder of every mailbox as its own
// Microsoft Graph delta stream, written to the tables mail_folders and
// messages. It is a declaration (mailFolders and messages, mail's folder
// filters, page size and message query) that package sdk/mailbox runs:
// the mailboxes, their pool and limits, the folder tree and its rules are
// the SDK's (mailbox.Folders).
//
// For each mailbox (an explicit list, or every user of the tenant) the
// source first runs the mailbox's folders stream, /users/{id}/mailFolders/
// delta (stream "<userId>/folders"), which tells which folders exist, were
// created, renamed or deleted; then one messages stream per included folder,
// /users/{id}/mailFolders/{folderId}/messages/delta (stream
// "<userId>/<folderId>"), each with its own deltaLink. A deleted folder
// ends its messages stream; its messages leave the current state through
// the messages table's parent link to mail_folders.
//
// Graph may send an updated folder or message as its id and the changed
// properties only. Rows list the properties present in _fields, so the
// lake keeps the other columns; and a folder update without displayName
// keeps the filters' last decision (the folder has a messages stream) or,
// when that is not known, is judged by the folder read whole from Graph.
//
// Whether mailFolders/delta returns nested folders is not documented. The
// source compares each folder's childFolderCount with the children that
// arrived and, when some are missing, lists the tree through childFolders
// every round (see sdk/mailbox/tree.go); when the delta holds the whole tree it makes
// no other folder request.
//
// Mailboxes run in parallel, as many as the Graph client's adaptive request
// limit (or Config.Concurrency); the client holds each mailbox to
// Outlook's four concurrent requests, paces it under its request budget
// (Config.MailboxBudget), shares one back-off when Graph answers
// Retry-After, and adapts the tenant-wide concurrency and rate to Graph's
// answers (see graph.Limits).
// Rows stream to the host as pages arrive: a round keeps no per-message
// state, only the current mailboxes' folder lists.
//
// Permissions: Mail.Read (application); Mail.ReadBasic.All is enough when
// the selected properties exclude body and bodyPreview. Listing mailboxes
// (no explicit list) or resolving user principal names also needs
// User.Read.All.
//
// What this package is not responsible for: storing deltaLinks and
// deciding which failed streams retry, and deleting the messages a full
// round no longer returns after a folder's sync state was lost (the host
// does all three: a resync re-reads the folder, the host tombstones what
// did not come back).
package mail
