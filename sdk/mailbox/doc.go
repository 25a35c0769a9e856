// Package mailbox runs per-mailbox Microsoft Graph resources: it finds the
// mailboxes (a listed set of user ids or principal names, or every user
// of the tenant), keeps the ones the round's shard owns, runs them on a
// pool as wide as the Graph client's adaptive concurrency under Outlook's
// per-mailbox limits (four requests at once, a request budget per
// window), and sweeps the mailboxes a round no longer lists. The
// mailboxes the last round synced start before the listing answers, what
// they emit held until it names them (see [Run]). What each
// mailbox syncs is a declaration, a [Resource]:
//
//   - [Stream]: one delta stream per mailbox, "<userId>/<name>" (calendar
//     events, /users/{id}/calendarView/delta).
//   - [Folders]: a folder tree and one items stream per folder, with
//     Outlook's folder rules: nested folders, moves, deleted folders
//     taking their items with them, partial updates, include and exclude
//     filters (mail: mailFolders and messages; personal contacts:
//     contactFolders and contacts).
//
// A source embeds [Settings] in its config, so that its block accepts
// mailboxes, user_filter, concurrency, max_concurrency,
// mailbox_concurrency, max_requests_per_second, mailbox_budget and
// mailbox_budget_window, and hands its declaration to [Run]:
//
//	type Config struct {
//		mailbox.Settings
//		Past string `json:"past"`
//	}
//
//	func (*Source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
//		var cfg Config
//		if diags := sdk.DecodeConfig(req.Config, &cfg); sdk.HasErrors(diags) {
//			return sdk.DiagnosticsError(diags)
//		}
//		cfg.Defaults()
//		if diags := append(cfg.CheckMailboxes(), cfg.CheckLimits()...); sdk.HasErrors(diags) {
//			return sdk.DiagnosticsError(diags)
//		}
//		return mailbox.Run(ctx, req, emit, cfg.Settings, mailbox.Stream{
//			Name: "events", Table: "events",
//			Path:   "/calendarView/delta?startDateTime=…&endDateTime=…",
//			Prefer: []string{"odata.maxpagesize=500", `IdType="ImmutableId"`},
//		})
//	}
//
// A folder resource declares its collections and tables instead:
//
//	mailbox.Run(ctx, req, emit, cfg.Settings, &mailbox.Folders{
//		FoldersTable: "contact_folders", ItemsTable: "contacts",
//		Collection: "contactFolders", Items: "contacts",
//		FolderSelect: "displayName,parentFolderId",
//		ItemsQuery:   "$select=displayName,emailAddresses",
//		Prefer:       []string{"odata.maxpagesize=500", `IdType="ImmutableId"`},
//		Filter:       mailbox.NewFilter(cfg.IncludeFolders, cfg.ExcludeFolders, nil),
//	})
//
// Tables: every row carries userId, the mailbox owner's object id; tables
// should declare ShardKey "userId" so that sharding keeps a mailbox in one
// shard (a stream id's shard key is its part before the first "/"). A
// Folders resource's folders table is keyed (userId, id), its items table
// (userId, folderId, id) with Parent (userId, folderId) on the folders
// table.
//
// Users without a mailbox: when the mailboxes were listed from the tenant
// (Mailbox.Discovered), a 404 that says the user has no mailbox
// ([NoMailbox]) skips the user without a checkpoint; a listed mailbox
// fails its streams instead.
//
// What this package is not responsible for: storing deltaLinks, retrying
// failed streams, deleting the rows an ended stream or a full round no
// longer returns (the host does), and the Graph client's paging, retries
// and adaptive limits (package graph).
package mailbox
