package runner

import (
	"context"
	"log/slog"
	"time"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// Conn is a connection to one source plugin.
type Conn interface {
	// Source is the plugin as the host talks to it.
	Source() wire.Source
	// Explain adds what is known about a plugin failure to err.
	Explain(err error) error
	// Close ends the plugin.
	Close()
}

// Connector opens plugins by reference (a built-in name or a path).
type Connector interface {
	Open(ctx context.Context, ref string) (Conn, error)
}

// Reporter hears about a round's progress.
type Reporter interface {
	// Progress reports a stream's pages and rows so far.
	Progress(source, stream string, pages, rows int64)
	// Warn reports a plugin's warning.
	Warn(source, stream, summary, detail string)
}

// Options is what a round needs.
type Options struct {
	Pipeline  *config.Pipeline
	Store     store.Store
	Connector Connector
	// Tokens serves Graph access tokens to plugins.
	Tokens wire.TokenSource
	// CAPEM is the pipeline's extra CA, handed to plugins.
	CAPEM []byte
	// HostVersion is recorded in the manifest.
	HostVersion string
	Reporter    Reporter
	Logger      *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// TargetFileBytes and RowGroupBytes tune Parquet files (0: defaults).
	TargetFileBytes, RowGroupBytes int64
	// MaxBatchBytes caps a plugin's record batches (0: the protocol default).
	MaxBatchBytes int64
	// Ready, when set, is waited for once the lake's state is read and
	// before the round begins: the host's checks of the sources (their
	// plugins started and asked about their configuration) run meanwhile,
	// and an error from it ends the run before the round begins.
	Ready func(context.Context) error
	// LinkRefresh is how old a stream's stored deltaLink may grow while
	// rounds find nothing new in it (default DefaultLinkRefresh): until
	// then the round keeps the stored link and records nothing for the
	// stream, so a commit does not grow with idle streams. Each stream's
	// link is replaced at an age of its own between three quarters of
	// LinkRefresh and LinkRefresh (see refreshAge).
	LinkRefresh time.Duration
	// CheckpointEvery is how many rounds may pass between state
	// checkpoints (0: manifest.CheckpointEvery). Crash tests lower it.
	CheckpointEvery int64
	// Chain is the manifest chain the round commits in. The zero Chain,
	// the root chain, runs the whole pipeline; a shard's chain runs one
	// shard of a sharded pipeline: its sharded sources sync only the
	// streams the shard owns, and tenant-wide ones run in shard 0 only
	// (see manifest.Chain).
	Chain manifest.Chain
	// Signer, when set, signs the round's entry (the pipeline's
	// audit.signing_key). Once a chain is signed, a round without it, or
	// with another key, is refused (manifest.CheckSigner).
	Signer *manifest.Signer
	// Crash, when set, hears the round pass each crashpoint step; crash
	// tests kill the process there. Production leaves it nil.
	Crash crashpoint.Hook
	// GraphStats, when set, asks each source's plugin for its Graph
	// client's counts (requests and waits by HTTP status) and hears them
	// once per source, at the end of its Sync, whether the source
	// succeeded or failed. A plugin that crashes or is cut off reports
	// none.
	GraphStats func(source string, stats *wire.GraphStats)
}

// DefaultLinkRefresh is the default Options.LinkRefresh: well inside the
// days Graph keeps delta tokens valid.
const DefaultLinkRefresh = 24 * time.Hour

func (o *Options) linkRefresh() time.Duration {
	if o.LinkRefresh > 0 {
		return o.LinkRefresh
	}
	return DefaultLinkRefresh
}

func (o *Options) checkpointEvery() int64 {
	if o.CheckpointEvery > 0 {
		return o.CheckpointEvery
	}
	return manifest.CheckpointEvery
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}

type nopReporter struct{}

func (nopReporter) Progress(string, string, int64, int64) {}
func (nopReporter) Warn(string, string, string, string)   {}
