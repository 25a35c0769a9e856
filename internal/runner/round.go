package runner

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/pluginhost"
	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/wire"
)

// round is one round in flight.
type round struct {
	opts    Options
	prior   *prior
	number  int64
	started time.Time
	runID   string
	writer  *parquetout.Writer

	mu          sync.Mutex
	checkpoints map[manifest.Key]*wire.Checkpoint
	// quiet stands, in checkpoints, for the checkpoint of every stream
	// that ran, found nothing and keeps its stored deltaLink (see
	// unchanged): one value for all of them, so that a round of 100,000
	// quiet streams holds none of what their plugin sent (30 MB).
	quiet *wire.Checkpoint
	// ends are the deltaLinks the streams that ended ok obtained, sealed
	// as each checkpoint came (see sealEnd), by stream.
	ends map[manifest.Key]linkEnd
	// goal lowers the GC's heap goal while the round holds many streams'
	// states: the prior state's, then its checkpoints'.
	goal *heapGoal
	// tables are each source's declared tables, by name.
	tables map[string]map[string]wire.Table
	// swept counts the tombstones of each resynced or ended stream.
	swept map[manifest.Key]int64
	// warnings are the plugins' first warnings, and warningCount counts
	// them all (see Result).
	warnings     []Warning
	warningCount int
}

// syncSource runs one source's plugin for the round.
func (r *round) syncSource(ctx context.Context, src *config.Source) error {
	conn, err := r.opts.Connector.Open(ctx, src.Plugin)
	if err != nil {
		return fmt.Errorf("source %q: %w", src.Name, err)
	}
	defer conn.Close()
	tables, err := r.describe(ctx, conn, src)
	if err != nil {
		return err
	}
	diags, err := conn.Source().Validate(ctx, src.Config)
	if err != nil {
		return fmt.Errorf("source %q: %w", src.Name, conn.Explain(err))
	}
	if msg := wire.ErrorSummary(diags); msg != "" {
		return fmt.Errorf("%w: source %q: %s", ErrConfig, src.Name, msg)
	}
	shard := r.prior.chain.Wire()
	owns := ownsAll
	switch {
	case shard.Sharded() && shardable(tables):
		owns = shard.OwnsStream
	case shard.Sharded() && shard.Index != 0:
		r.opts.Logger.Info("tenant-wide source skipped: it runs in shard 0", "source", src.Name)
		return nil
	default:
		shard = wire.Shard{}
	}
	states := r.prior.statesFor(src.Name, owns)
	g := r.opts.Pipeline.Graph
	req := wire.SyncRequest{Round: r.number, StartedAt: r.started, Config: src.Config,
		Graph: wire.GraphSettings{Endpoint: g.Endpoint, CAPEM: r.opts.CAPEM, UserAgent: "graphlake/" + r.opts.HostVersion,
			MaxRetryWait: g.MaxRetryWait, MaxPages: int64(g.MaxPages)},
		States: states, StatesInOrder: true, Tokens: r.opts.Tokens, MaxBatchBytes: r.opts.MaxBatchBytes, Shard: shard, GraphStats: r.opts.GraphStats != nil}
	err = conn.Source().Sync(ctx, req, func(ev wire.Event) error { return r.handle(ctx, src.Name, tables, owns, ev) })
	if serr := states.Err(); serr != nil {
		return serr
	}
	if sourceFailed(ctx, err) {
		r.failSource(ctx, src.Name, owns, err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("source %q: %w", src.Name, conn.Explain(err))
	}
	return nil
}

func (r *round) describe(ctx context.Context, conn Conn, src *config.Source) (map[string]wire.Table, error) {
	list, err := conn.Source().Describe(ctx)
	if err != nil {
		return nil, fmt.Errorf("source %q: %w", src.Name, conn.Explain(err))
	}
	tables, err := CheckTables(src.Name, list)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tables[src.Name] = tables
	declared := make(map[string][]string, len(r.tables))
	for s, ts := range r.tables {
		for name := range ts {
			declared[s] = append(declared[s], name)
		}
	}
	if err := CheckOwners(declared); err != nil {
		return nil, err
	}
	return tables, nil
}

// ownsAll owns every stream: a source outside sharding, or an unsharded
// round.
func ownsAll(string) bool { return true }

// handle takes one event from a plugin; owns tells the streams the
// source may report in this shard.
func (r *round) handle(ctx context.Context, source string, tables map[string]wire.Table, owns func(string) bool, ev wire.Event) error {
	switch e := ev.(type) {
	case *wire.Batch:
		defer e.Record.Release()
		t, ok := tables[e.Table]
		if !ok {
			return &pluginhost.ProtocolError{Table: e.Table, Err: errors.New("the plugin sent rows for a table it did not declare")}
		}
		if !e.Record.Schema().Equal(t.Schema) {
			return &pluginhost.ProtocolError{Table: e.Table, Err: errors.New("the plugin sent rows whose schema differs from the declared one")}
		}
		r.opts.Crash.Call(crashpoint.Fetch)
		if err := r.writer.Write(ctx, e.Table, e.Record); err != nil {
			return err
		}
		r.opts.Crash.Call(crashpoint.Parquet)
	case *wire.EncodedBatch:
		return &pluginhost.ProtocolError{Table: e.Table, Err: errors.New("an in-process plugin sent an encoded batch, which only a plugin process may send")}
	case *wire.Checkpoint:
		if err := checkStreamName(e.Stream); err != nil {
			return err
		}
		if !owns(e.Stream) {
			return &pluginhost.ProtocolError{Err: fmt.Errorf("checkpoint of stream %s, which %s does not own: a shard records only its own streams", wire.Printable(e.Stream), r.prior.chain)}
		}
		k := manifest.Key{Source: source, Stream: e.Stream}
		if r.unchanged(k, e) {
			// The stream keeps its stored deltaLink: the new one is not
			// needed, and a round of 100,000 quiet streams would hold
			// 50 MB of them until the commit, and 30 MB of the rest of
			// their checkpoints. The key takes the state's copy of the
			// stream's name.
			prev, _ := r.prior.state.Get(k)
			k.Stream, e = prev.Stream, r.quiet
		}
		var end linkEnd
		toSeal := e != r.quiet && e.Status == wire.StatusOK
		if toSeal {
			var err error
			if end, e, err = r.sealEnd(k, e); err != nil {
				return err
			}
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.checkpoints[k] = e
		r.goal.hold(len(r.checkpoints))
		if toSeal {
			r.ends[k] = end
		} else {
			delete(r.ends, k)
		}
	case *wire.Progress:
		r.opts.Reporter.Progress(source, e.Stream, e.Pages, e.Rows)
	case *wire.Diagnostic:
		r.opts.Reporter.Warn(source, e.Stream, e.Summary, e.Detail)
		r.opts.Logger.Warn(e.Summary, "source", source, "stream", e.Stream, "detail", e.Detail)
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.warningCount++; len(r.warnings) < maxKeptWarnings {
			r.warnings = append(r.warnings, Warning{Source: source, Stream: wire.CutText(e.Stream, maxWarningTextBytes),
				Summary: wire.CutText(e.Summary, maxWarningTextBytes), Detail: wire.CutText(e.Detail, maxWarningTextBytes)})
		}
	case *wire.GraphStats:
		if r.opts.GraphStats != nil {
			r.opts.GraphStats(source, e)
		}
	}
	return nil
}

// linkEnd is the deltaLink a stream's round obtained: sealed under the
// state key, as its entry records it, and its SHA-256.
type linkEnd struct {
	sealed manifest.SealedLink
	sha256 string
}

// sealEnd seals the deltaLink of checkpoint cp of stream k as it comes,
// and returns a copy of cp without it: a round in which 100,000 streams
// changed held every obtained link in the clear (85 MB) beside the sealed
// ones until its commit, which sealed them all at once.
func (r *round) sealEnd(k manifest.Key, cp *wire.Checkpoint) (linkEnd, *wire.Checkpoint, error) {
	raw, err := r.prior.box.SealBytes(cp.DeltaLink, sealContext(r.opts.Pipeline.Name, k))
	if err != nil {
		return linkEnd{}, nil, err
	}
	end := linkEnd{sealed: manifest.SealedLinkOfRaw(raw), sha256: graph.LinkHash(cp.DeltaLink)}
	kept := *cp
	kept.DeltaLink = ""
	return end, &kept, nil
}
