package mail

import (
	"context"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/mailbox"
	"github.com/graphlake/graphlake/sdk/table"
)

// Source syncs mail folders and messages.
type Source struct{}

// New returns the mail source.
func New() *Source { return &Source{} }

// Tables implements sdk.Source.
func (*Source) Tables() []table.Table { return []table.Table{Folders(), Messages()} }

// ValidateConfig implements sdk.ConfigValidator.
func (*Source) ValidateConfig(_ context.Context, config []byte) []sdk.Diagnostic {
	_, diags := decode(config)
	return diags
}

// Sync implements sdk.Source: every selected mailbox's folder tree and
// messages, as mailbox.Run runs a mailbox.Folders resource. Only a failure
// to emit to the host fails the round; Graph failures fail their streams.
func (*Source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	cfg, diags := decode(req.Config)
	if sdk.HasErrors(diags) {
		return sdk.DiagnosticsError(diags)
	}
	return mailbox.Run(ctx, req, emit, cfg.Settings, resource(cfg))
}

// folderSelect is the $select of the folders stream.
const folderSelect = "displayName,parentFolderId,childFolderCount,unreadItemCount,totalItemCount,isHidden"

// resource declares mail for mailbox.Run: mailFolders and their messages.
func resource(cfg Config) *mailbox.Folders {
	res := &mailbox.Folders{FoldersTable: FoldersTable, ItemsTable: MessagesTable,
		Collection: "mailFolders", Items: "messages", FolderSelect: folderSelect, ChildCount: "childFolderCount",
		ItemsQuery: messagesQuery(cfg), Prefer: preferPage(cfg.PageSize),
		Filter: mailbox.NewFilter(cfg.IncludeFolders, cfg.ExcludeFolders, wellKnownNames)}
	if cfg.pageSizeUnset {
		res.LegacyPrefer = preferPage(legacyPageSize)
	}
	if since, _ := cfg.since(); !since.IsZero() {
		res.ItemsRoundCap, res.ItemsRoundCapFix = filteredRoundCap,
			"The folder holds more messages received since `since` than Graph returns for it: unset `since` (an unfiltered round has no cap) or move it later; the next round then reads the folder again."
	}
	return res
}

// filteredRoundCap is the most messages Graph returns in a messages delta
// round filtered by receivedDateTime, which `since` sets
// (delta-query-messages.md; GRAPH-DELTA.md §6.18).
const filteredRoundCap = 5000
