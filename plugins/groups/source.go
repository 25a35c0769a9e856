package groups

import (
	"context"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// defaultSelect is the $select used when a source block names none.
var defaultSelect = []string{"displayName", "description", "mail", "mailEnabled", "mailNickname",
	"securityEnabled", "groupTypes", "visibility", "classification", "createdDateTime",
	"renewedDateTime", "proxyAddresses", "securityIdentifier", "members"}

// DefaultSelect returns the properties selected when a source block names
// none: the groups columns Graph tracks by default, and members.
func DefaultSelect() []string { return append([]string(nil), defaultSelect...) }

// Config is the groups source block.
type Config struct {
	// Select lists the group properties to request ($select); "members"
	// and "owners" fill group_members. Default: DefaultSelect().
	Select []string `json:"select"`
	// IDs, when set, tracks only these groups ($filter=id eq …), in one
	// stream per chunk of at most 50 ids.
	IDs []string `json:"ids"`
	// Minimal sends Prefer: return=minimal, so that an updated group
	// carries only its changed properties (listed in _fields). Default
	// false.
	Minimal bool `json:"minimal"`
}

// Source syncs /groups/delta.
type Source struct{}

// New returns the groups source.
func New() *Source { return &Source{} }

// Tables implements sdk.Source.
func (*Source) Tables() []table.Table { return []table.Table{Table(), MembersTable()} }

// ValidateConfig implements sdk.ConfigValidator.
func (*Source) ValidateConfig(_ context.Context, config []byte) []sdk.Diagnostic {
	_, diags := decode(config)
	return diags
}

// Sync implements sdk.Source: stream "groups", or one "groups/<key>" per
// chunk of ids.
func (*Source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	cfg, diags := decode(req.Config)
	if sdk.HasErrors(diags) {
		return sdk.DiagnosticsError(diags)
	}
	q := sdk.DirectoryQuery{Resource: "groups", Select: cfg.Select, IDs: cfg.IDs, Minimal: cfg.Minimal,
		Item: links.Item(TableName, map[string]string{"members": RelationshipMember, "owners": RelationshipOwner})}
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
	return cfg, append(sdk.CheckSelect("select", "group", cfg.Select), sdk.CheckIDs("ids", cfg.IDs)...)
}
