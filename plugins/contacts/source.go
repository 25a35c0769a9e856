package contacts

import (
	"context"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// defaultSelect is the $select used when a source block names none.
var defaultSelect = []string{"displayName", "givenName", "surname", "mail", "mailNickname",
	"companyName", "department", "jobTitle", "addresses", "phones", "proxyAddresses",
	"onPremisesSyncEnabled", "onPremisesLastSyncDateTime"}

// DefaultSelect returns the properties selected when a source block names
// none.
func DefaultSelect() []string { return append([]string(nil), defaultSelect...) }

// Config is the contacts source block.
type Config struct {
	// Select lists the orgContact properties to request ($select).
	// Default: DefaultSelect().
	Select []string `json:"select"`
	// IDs, when set, tracks only these contacts ($filter=id eq …), in one
	// stream per chunk of at most 50 ids.
	IDs []string `json:"ids"`
	// Minimal sends Prefer: return=minimal, so that an updated contact
	// carries only its changed properties (listed in _fields). Default
	// false.
	Minimal bool `json:"minimal"`
}

// Source syncs /contacts/delta.
type Source struct{}

// New returns the contacts source.
func New() *Source { return &Source{} }

// Tables implements sdk.Source.
func (*Source) Tables() []table.Table { return []table.Table{Table()} }

// ValidateConfig implements sdk.ConfigValidator.
func (*Source) ValidateConfig(_ context.Context, config []byte) []sdk.Diagnostic {
	_, diags := decode(config)
	return diags
}

// Sync implements sdk.Source: stream "contacts", or one "contacts/<key>"
// per chunk of ids.
func (*Source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	cfg, diags := decode(req.Config)
	if sdk.HasErrors(diags) {
		return sdk.DiagnosticsError(diags)
	}
	q := sdk.DirectoryQuery{Resource: "contacts", Table: TableName, Select: cfg.Select, IDs: cfg.IDs, Minimal: cfg.Minimal}
	return sdk.RunStreams(ctx, req, emit, q.Streams(req.Endpoint))
}

func decode(config []byte) (Config, []sdk.Diagnostic) {
	var cfg Config
	if diags := sdk.DecodeConfig(config, &cfg); diags != nil {
		return cfg, diags
	}
	if cfg.Select == nil {
		cfg.Select = DefaultSelect()
	}
	return cfg, append(sdk.CheckSelect("select", "orgContact", cfg.Select), sdk.CheckIDs("ids", cfg.IDs)...)
}
