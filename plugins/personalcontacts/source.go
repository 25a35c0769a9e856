package personalcontacts

import (
	"context"
	"fmt"
	"strings"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/mailbox"
	"github.com/graphlake/graphlake/sdk/table"
)

// Source syncs personal contact folders and contacts.
type Source struct{}

// New returns the personal contacts source.
func New() *Source { return &Source{} }

// Tables implements sdk.Source.
func (*Source) Tables() []table.Table { return []table.Table{Folders(), Contacts()} }

// ValidateConfig implements sdk.ConfigValidator.
func (*Source) ValidateConfig(_ context.Context, config []byte) []sdk.Diagnostic {
	_, diags := decode(config)
	return diags
}

// Sync implements sdk.Source: every selected mailbox's contact folders and
// contacts, as mailbox.Run runs a mailbox.Folders resource.
func (*Source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	cfg, diags := decode(req.Config)
	if sdk.HasErrors(diags) {
		return sdk.DiagnosticsError(diags)
	}
	return mailbox.Run(ctx, req, emit, cfg.Settings, resource(cfg))
}

// resource declares personal contacts for mailbox.Run.
func resource(cfg Config) *mailbox.Folders {
	return &mailbox.Folders{FoldersTable: FoldersTable, ItemsTable: ContactsTable,
		Collection: "contactFolders", Items: "contacts", FolderSelect: "displayName,parentFolderId", Root: "contacts",
		ItemsQuery: "$select=" + strings.Join(cfg.Select, ","),
		Prefer:     []string{fmt.Sprintf("odata.maxpagesize=%d", cfg.PageSize), `IdType="ImmutableId"`},
		Filter:     mailbox.NewFilter(cfg.IncludeFolders, cfg.ExcludeFolders, wellKnownNames)}
}
