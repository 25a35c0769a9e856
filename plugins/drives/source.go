package drives

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// Source syncs drive items.
type Source struct{}

// New returns the drives source.
func New() *Source { return &Source{} }

// Tables implements sdk.Source.
func (*Source) Tables() []table.Table { return []table.Table{Items()} }

// ValidateConfig implements sdk.ConfigValidator.
func (*Source) ValidateConfig(_ context.Context, config []byte) []sdk.Diagnostic {
	_, diags := decode(config)
	return diags
}

// RequiredPermissions implements sdk.PermissionDeclarer.
func (*Source) RequiredPermissions() []sdk.PermissionRequirement {
	return []sdk.PermissionRequirement{
		{AnyOf: []sdk.Permission{{Name: "Files.Read.All"}}, For: "to read OneDrives", Only: "when users is set"},
		{AnyOf: []sdk.Permission{{Name: "Sites.Read.All"}}, For: "to read document libraries", Only: "when sites is set"},
		{AnyOf: []sdk.Permission{{Name: "User.Read.All"}}, For: "to list users", Only: "when users is [\"all\"]"},
	}
}

// round is one Sync's shared state.
type round struct {
	cfg  Config
	req  *sdk.SyncRequest
	emit *sdk.Emitter

	mu         sync.Mutex
	seen       map[string]bool // drives found, owned by this shard or not
	incomplete bool            // some drives could not be found
	failures   []error
}

// Sync implements sdk.Source: it finds the selected drives and runs each
// drive's delta stream that the shard owns, on as many workers as
// cfg.Concurrency or the Graph client's request limit at the start; then,
// when every drive was found, ends the streams of drives no longer
// selected. Only a failure to emit to the host fails the round.
func (*Source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	cfg, diags := decode(req.Config)
	if sdk.HasErrors(diags) {
		return sdk.DiagnosticsError(diags)
	}
	r := &round{cfg: cfg, req: req, emit: emit, seen: map[string]bool{}}
	g, gctx := errgroup.WithContext(ctx)
	limit := cfg.Concurrency
	if limit == 0 {
		limit = max(8, req.Graph.Concurrency())
	}
	g.SetLimit(limit)
	if len(cfg.Users) > 0 {
		err := r.users(gctx, func(user string) {
			g.Go(func() error {
				id, ok, err := r.oneDrive(gctx, user)
				if err != nil {
					r.fail(err)
					return nil
				}
				if !ok {
					return r.noOneDrive(user)
				}
				return r.visit(gctx, id)
			})
		})
		if err != nil && gctx.Err() == nil {
			r.fail(err)
		}
	}
	for _, site := range cfg.Sites {
		g.Go(func() error {
			ids, err := r.siteDrives(gctx, site)
			if err != nil {
				r.fail(err)
				return nil
			}
			for _, id := range ids {
				if err := r.visit(gctx, id); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	if r.incomplete {
		if !req.Shard.OwnsStream(findStream) {
			return nil
		}
		return emit.FailStream(findStream, errors.Join(r.failures...))
	}
	return r.sweepGone()
}

// visit syncs a drive once, if the shard owns it.
func (r *round) visit(ctx context.Context, id string) error {
	r.mu.Lock()
	dup := r.seen[id]
	r.seen[id] = true
	r.mu.Unlock()
	if dup || !r.req.Shard.Owns(id) {
		return nil
	}
	return r.syncDrive(ctx, id)
}

// noOneDrive warns of a listed user without a OneDrive (a user listed by
// "all" without one is skipped quietly: most tenants have some).
func (r *round) noOneDrive(user string) error {
	if r.cfg.allUsers() || !r.req.Shard.OwnsStream(findStream) {
		return nil
	}
	return r.emit.Warn(findStream, "User without OneDrive",
		"User "+user+" has no OneDrive (never signed in to it, no licence, or no such user): nothing to sync; remove the user from users, or ignore this warning.")
}

func (r *round) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.incomplete = true
	r.failures = append(r.failures, err)
}

// sweepGone ends the streams of drives the last round synced and this one
// did not find (a user or site no longer selected, a drive deleted): the
// host then removes their rows.
func (r *round) sweepGone() error {
	for id := range r.req.Streams.IDs() {
		if r.seen[id] || id == findStream {
			continue
		}
		if err := r.emit.EndStream(id); err != nil {
			return err
		}
	}
	return nil
}
