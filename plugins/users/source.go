package users

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// DefaultSelect is the $select used when a source block names none.
var defaultSelect = []string{"displayName", "givenName", "surname", "userPrincipalName", "mail",
	"jobTitle", "department", "officeLocation", "mobilePhone", "businessPhones", "accountEnabled",
	"createdDateTime", "manager"}

// DefaultSelect returns the properties selected when a source block names
// none.
func DefaultSelect() []string { return append([]string(nil), defaultSelect...) }

// Config is the users source block.
type Config struct {
	// Select lists the user properties to request ($select); "manager"
	// adds the managerId column. Default: DefaultSelect().
	Select []string `json:"select"`
	// Filter is an optional $filter, e.g. "id eq '…'" (Graph allows only id
	// filters on users/delta).
	Filter string `json:"filter"`
}

// Source syncs /users/delta.
type Source struct{}

// New returns the users source.
func New() *Source { return &Source{} }

// Tables implements sdk.Source.
func (*Source) Tables() []table.Table { return []table.Table{Table()} }

// ValidateConfig implements sdk.ConfigValidator.
func (*Source) ValidateConfig(_ context.Context, config []byte) []sdk.Diagnostic {
	_, diags := decode(config)
	return diags
}

// Sync implements sdk.Source: one stream, "users".
func (*Source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	cfg, diags := decode(req.Config)
	if sdk.HasErrors(diags) {
		return sdk.DiagnosticsError(diags)
	}
	s := sdk.DeltaStream{ID: "users", Table: TableName, URL: deltaURL(req.Endpoint, cfg)}
	if slices.Contains(cfg.Select, "manager") {
		s.Item = itemWithManager
	}
	return sdk.RunDelta(ctx, req, emit, s)
}

// itemWithManager emits a user of a stream that selects manager. In a full
// round every user comes whole, so one without manager@delta has no
// manager: its managerId is set to null instead of being left out, which
// would keep a manager removed while the stream was not reading (before a
// resync) in the lake.
func itemWithManager(ctx context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
	if _, removed := obj["@removed"]; !removed && sdk.FullRound(ctx) {
		if _, ok := obj["manager@delta"]; !ok {
			obj["manager@delta"] = json.RawMessage("[]")
		}
	}
	if err := emit.Object(TableName, stream, obj); err != nil {
		return fmt.Errorf("stream %s: %w", stream, err)
	}
	return nil
}

func decode(config []byte) (Config, []sdk.Diagnostic) {
	var cfg Config
	if diags := sdk.DecodeConfig(config, &cfg); diags != nil {
		return cfg, diags
	}
	if cfg.Select == nil {
		cfg.Select = DefaultSelect()
	}
	return cfg, sdk.CheckSelect("select", "user", cfg.Select)
}

// deltaURL builds the first round's URL. id is always returned by Graph.
func deltaURL(endpoint string, cfg Config) string {
	u := endpoint + "/users/delta?$select=" + strings.Join(cfg.Select, ",")
	if cfg.Filter != "" {
		u += "&$filter=" + url.QueryEscape(cfg.Filter)
	}
	return u
}
