package mail

import (
	"context"

	"golang.org/x/sync/errgroup"

	"github.com/graphlake/graphlake/sdk"
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

// Sync implements sdk.Source: the mailboxes run on a pool of
// cfg.Concurrency workers, or as many as the Graph client's adaptive
// request limit when it is unset, each mailbox its folders stream and then
// its folders' messages streams. Only a failure to emit to the host fails the
// round; Graph failures fail their streams.
func (*Source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	cfg, diags := decode(req.Config)
	if sdk.HasErrors(diags) {
		return sdk.DiagnosticsError(diags)
	}
	r := newRound(cfg, req, emit)
	g, gctx := errgroup.WithContext(ctx)
	limit := r.req.Graph.Concurrency
	if cfg.Concurrency > 0 {
		limit = func() int { return cfg.Concurrency }
	}
	pool := newMailboxPool(g, limit)
	seen := map[string]bool{}
	complete, err := r.mailboxes(gctx, func(user string) {
		if !seen[user] && req.Shard.Owns(user) {
			seen[user] = true
			pool.Go(gctx, func() error { return r.syncMailbox(gctx, user) })
		}
	})
	if werr := g.Wait(); werr != nil {
		return werr
	}
	if err != nil {
		return err
	}
	if complete {
		return r.sweepGone(seen)
	}
	return nil
}

// round is one Sync's shared, read-only state.
type round struct {
	cfg    Config
	req    *sdk.SyncRequest // Graph replaced by the limited client
	emit   *sdk.Emitter
	filter folderFilter
	prior  map[string]*priorMailbox
	prefer []string
	// legacyPrefer is prefer at the former default page size, while
	// page_size is unset (see keepPageSize); nil otherwise.
	legacyPrefer []string
	query        string // the messages delta query: $select and $filter
}

func newRound(cfg Config, req *sdk.SyncRequest, emit *sdk.Emitter) *round {
	limited := *req
	limited.Graph = req.Graph.WithLimits(cfg.limits())
	r := &round{cfg: cfg, req: &limited, emit: emit, filter: newFolderFilter(cfg), prior: indexPrior(req.Streams),
		prefer: preferPage(cfg.PageSize), query: messagesQuery(cfg)}
	if cfg.pageSizeUnset {
		r.legacyPrefer = preferPage(legacyPageSize)
	}
	return r
}
