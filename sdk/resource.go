package sdk

import (
	"context"
	"slices"
	"sync"

	"github.com/graphlake/graphlake/sdk/table"
)

// DirectoryOptions is what a directory resource's source block says about
// its delta query, after defaults.
type DirectoryOptions struct {
	// Select lists the properties to request; nil takes the resource's
	// DefaultSelect.
	Select []string
	// IDs, when not empty, tracks only these objects (see
	// DirectoryQuery.IDs).
	IDs []string
	// Filter is a $filter added to the query when IDs is empty.
	Filter string
	// Minimal sends "Prefer: return=minimal".
	Minimal bool
}

// DirectoryConfig is a directory resource's source block: a struct with
// json tags (its attributes, decoded by DecodeConfig) that says what it
// asks of the query.
type DirectoryConfig interface {
	Options() DirectoryOptions
}

// ItemHook handles one item of a stream (see DeltaStream.Item).
type ItemHook = func(ctx context.Context, emit *Emitter, stream string, obj table.Object) error

// Directory declares a directory delta resource (/users, /groups,
// /contacts…): the whole plugin is this value. C is its source block.
type Directory[C DirectoryConfig] struct {
	// Path is the collection's path segment, e.g. "groups": the query is
	// Path + "/delta", and the stream is named Path (Path + "/<key>" per
	// chunk of ids).
	Path string
	// Type is Graph's name of the resource type, e.g. "group", used in
	// configuration errors.
	Type string
	// Table receives the items.
	Table table.Table
	// Related lists the other tables written, e.g. Links' table.
	Related []table.Table
	// DefaultSelect is the $select used when the source block names none.
	DefaultSelect []string
	// Links, when set, takes the relationships named in Relationships
	// ("<name>@delta") out of each item into a relationship table.
	Links *LinkTable
	// Relationships maps a relationship ("members") to the value of
	// Links.Relationship's column ("member").
	Relationships map[string]string
	// Permissions are the application permissions that let the resource
	// read what it syncs, as alternatives (any one is enough).
	Permissions []Permission
	// MorePermissions are the resource's further requirements, if any,
	// e.g. one that only an option needs (see PermissionRequirement.Only).
	MorePermissions []PermissionRequirement
	// Item, when set, returns the hook that handles each item for these
	// options, or nil for the default handling.
	Item func(DirectoryOptions) ItemHook

	mu   sync.Mutex
	last *decodedConfig
}

// decodedConfig is a source block's decoded form, kept for the round.
type decodedConfig struct {
	raw   string
	opts  DirectoryOptions
	diags []Diagnostic
}

// Tables implements Source: Table, then Related.
func (d *Directory[C]) Tables() []table.Table { return append([]table.Table{d.Table}, d.Related...) }

// RequiredPermissions implements PermissionDeclarer: Permissions, then
// MorePermissions.
func (d *Directory[C]) RequiredPermissions() []PermissionRequirement {
	return append([]PermissionRequirement{{AnyOf: slices.Clone(d.Permissions)}}, d.MorePermissions...)
}

// ValidateConfig implements ConfigValidator.
func (d *Directory[C]) ValidateConfig(_ context.Context, config []byte) []Diagnostic {
	return d.decode(config).diags
}

// Sync implements Source: stream Path, or one Path + "/<key>" per chunk of
// ids (see Streams).
func (d *Directory[C]) Sync(ctx context.Context, req *SyncRequest, emit *Emitter) error {
	streams, err := d.Streams(req.Config, req.Endpoint)
	if err != nil {
		return err
	}
	return RunStreams(ctx, req, emit, streams)
}

// Streams returns the delta streams a source block asks for against
// endpoint (Graph's base URL without a trailing slash), items handled as
// Sync handles them: a source made of several resources runs all their
// streams in one RunStreams.
func (d *Directory[C]) Streams(config []byte, endpoint string) ([]DeltaStream, error) {
	cfg := d.decode(config)
	if HasErrors(cfg.diags) {
		return nil, DiagnosticsError(cfg.diags)
	}
	q := DirectoryQuery{Resource: d.Path, Table: d.Table.Name, Select: cfg.opts.Select,
		IDs: cfg.opts.IDs, Filter: cfg.opts.Filter, Minimal: cfg.opts.Minimal}
	if d.Links != nil {
		q.Item = d.Links.Item(q.Table, d.Relationships)
	}
	if d.Item != nil {
		if hook := d.Item(cfg.opts); hook != nil {
			q.Item = hook
		}
	}
	return q.Streams(endpoint), nil
}

// decode decodes a source block and applies the declared defaults, once
// per distinct block: the host validates the block before each round's
// Sync, which then reuses the result.
func (d *Directory[C]) decode(config []byte) *decodedConfig {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.last != nil && d.last.raw == string(config) {
		return d.last
	}
	out := &decodedConfig{raw: string(config)}
	var c C
	if out.diags = DecodeConfig(config, &c); out.diags == nil {
		out.opts = c.Options()
		if out.opts.Select == nil {
			out.opts.Select = slices.Clone(d.DefaultSelect)
		}
		out.diags = append(CheckSelect("select", d.Type, out.opts.Select), CheckIDs("ids", out.opts.IDs)...)
	}
	d.last = out
	return out
}

// DirectoryBlock is the usual source block of a directory resource that
// can track chosen objects (groups, contacts): select, ids and minimal.
type DirectoryBlock struct {
	// Select lists the properties to request ($select). Default: the
	// resource's DefaultSelect.
	Select []string `json:"select"`
	// IDs, when set, tracks only these objects ($filter=id eq …), in one
	// stream per chunk of at most 50 ids.
	IDs []string `json:"ids"`
	// Minimal sends Prefer: return=minimal, so that an updated object
	// carries only its changed properties (listed in _fields). Default
	// false.
	Minimal bool `json:"minimal"`
}

// Options implements DirectoryConfig.
func (b DirectoryBlock) Options() DirectoryOptions {
	return DirectoryOptions{Select: b.Select, IDs: b.IDs, Minimal: b.Minimal}
}
