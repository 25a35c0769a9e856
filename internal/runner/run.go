package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"golang.org/x/sync/errgroup"

	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/sealed"
	"github.com/graphlake/graphlake/sdk/wire"
)

// ErrConfig marks a round refused for its configuration (exit code 2).
var ErrConfig = errors.New("invalid configuration")

// maxParallelSources bounds how many plugins run at once.
const maxParallelSources = 4

// Result is what a round did.
type Result struct {
	// Entry is the committed manifest entry; nil when nothing committed.
	Entry *manifest.Entry
	// Failed lists the streams that failed while others committed.
	Failed []manifest.Stream
	// Warnings are the first maxKeptWarnings warnings the plugins sent,
	// in the order they came; WarningCount counts them all.
	Warnings     []Warning
	WarningCount int
}

// Warning is a plugin's warning about a stream ("Round may be cut short
// at Graph's cap", "Query changed: full round"), its text as the plugin
// sent it with control characters escaped, each text cut at
// maxWarningTextBytes.
type Warning struct {
	Source, Stream, Summary, Detail string
}

// maxKeptWarnings bounds the warnings a Result keeps, and
// maxWarningTextBytes the length of each of their texts: a plugin may send
// one for every stream, and a hostile one 100 of 64 MiB each, which a
// round keeps until it ends.
const (
	maxKeptWarnings     = 100
	maxWarningTextBytes = 1024
)

// RoundError is the error of a round that began: it names the round.
type RoundError struct {
	Round int64
	Err   error
}

func (e *RoundError) Error() string { return e.Err.Error() }
func (e *RoundError) Unwrap() error { return e.Err }

// Run runs and commits one round. Once the round's number is known, an
// error is a *RoundError.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Reporter == nil {
		opts.Reporter = nopReporter{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	p := opts.Pipeline
	box, err := sealed.New(p.State.Key)
	if err != nil {
		return nil, fmt.Errorf("%w: state.key: %v", ErrConfig, err)
	}
	pr, err := loadPrior(ctx, opts.Store, p.Name, opts.Chain, box)
	if err != nil {
		return nil, err
	}
	if err := pr.checkSigner(opts.Signer); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if opts.Ready != nil {
		if err := opts.Ready(ctx); err != nil {
			return nil, err
		}
	}
	r := newRound(opts, pr)
	defer r.goal.restore()
	r.goal.hold(pr.state.Len())
	opts.Logger.Info("round starting", "pipeline", p.Name, "round", r.number, "sources", len(p.Sources))
	res, err := r.run(ctx)
	if err != nil {
		return nil, &RoundError{Round: r.number, Err: err}
	}
	return res, nil
}

// run fetches, writes and commits the round.
func (r *round) run(ctx context.Context) (*Result, error) {
	if err := r.syncSources(ctx); err != nil {
		cctx, cancel := cleanupContext(ctx)
		r.writer.Abort(cctx)
		cancel()
		return nil, fmt.Errorf("round %d failed, nothing committed: %w", r.number, err)
	}
	files, err := r.writer.Close(ctx)
	if err != nil {
		r.remove(ctx, filePaths(files))
		return nil, fmt.Errorf("round %d failed, nothing committed: write Parquet: %w", r.number, err)
	}
	tombstones, err := r.sweep(ctx, files)
	if err != nil {
		r.remove(ctx, filePaths(files))
		return nil, fmt.Errorf("round %d failed, nothing committed: %w", r.number, err)
	}
	r.opts.Crash.Call(crashpoint.FilesDurable)
	return r.commit(ctx, append(files, tombstones...))
}

// syncSources runs every source's plugin, a few at a time.
func (r *round) syncSources(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(maxParallelSources)
	for i := range r.opts.Pipeline.Sources {
		src := &r.opts.Pipeline.Sources[i]
		g.Go(func() error { return r.syncSource(gctx, src) })
	}
	return g.Wait()
}

func newRunID() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newRound is the round after pr, writing with opts.
func newRound(opts Options, pr *prior) *round {
	r := &round{opts: opts, prior: pr, number: pr.next, started: opts.now(), runID: newRunID(),
		tables: map[string]map[string]wire.Table{}, swept: map[manifest.Key]int64{},
		checkpoints: map[manifest.Key]*wire.Checkpoint{}, ends: map[manifest.Key]linkEnd{}, goal: &heapGoal{getenv: os.Getenv},
		quiet: &wire.Checkpoint{Status: wire.StatusOK, Mode: wire.ModeIncremental}}
	r.writer = parquetout.New(parquetout.Options{Store: opts.Store, Round: r.number, RunID: r.runID, Date: r.started,
		TargetFileBytes: opts.TargetFileBytes, RowGroupBytes: opts.RowGroupBytes, Tenant: opts.Pipeline.Graph.TenantID})
	return r
}
