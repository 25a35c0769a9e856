package runner

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/sdk/wire"
)

// commit writes the round's manifest entry: the commit. The entry records
// the streams whose state changed and the failed ones; a stream that found
// nothing new keeps its deltaLink (until it is its refreshAge old) and is
// only counted. Every CheckpointEvery rounds the full state is written
// first, as a checkpoint the entry names.
func (r *round) commit(ctx context.Context, files []parquetout.File) (*Result, error) {
	p := r.opts.Pipeline
	entry := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: p.Name, Kind: manifest.KindSync,
		RunID: r.runID, StartedAt: r.started, HostVersion: r.opts.HostVersion}
	next := r.prior.lake.Next(r.prior.chain)
	next.Fill(entry)
	r.mu.Lock()
	res := &Result{Warnings: r.warnings, WarningCount: r.warningCount}
	r.mu.Unlock()
	var ran int
	for _, k := range r.checkpointKeys() {
		cp := r.checkpoints[k]
		if cp.Status == wire.StatusFailed {
			s := r.streamEntry(k, cp)
			res.Failed = append(res.Failed, s)
			entry.Streams = append(entry.Streams, s)
			continue
		}
		ran++
		if r.unchanged(k, cp) {
			entry.Unchanged++
			continue
		}
		s := r.streamEntry(k, cp)
		if cp.Status == wire.StatusOK {
			end := r.ends[k]
			s.DeltaLink, s.EndLinkSHA256 = end.sealed, end.sha256
		}
		entry.Streams = append(entry.Streams, s)
	}
	// The entry holds what the commit needs of the checkpoints: a first
	// round of 100,000 streams held 40 MB more of them until it ended.
	r.mu.Lock()
	r.checkpoints, r.ends = nil, nil
	r.mu.Unlock()
	if ran == 0 && len(res.Failed) > 0 {
		r.remove(ctx, filePaths(files))
		return nil, fmt.Errorf("round %d failed, nothing committed: every stream failed: %s", r.number, failedSummary(res.Failed))
	}
	for _, f := range files {
		entry.Files = append(entry.Files, manifest.File{Table: f.Table, Path: f.Path, Rows: f.Rows, Bytes: f.Bytes, SHA256: f.SHA256})
	}
	entry.Current = r.compact(ctx, entry)
	entry.CommittedAt = r.opts.now()
	var err error
	if entry.State, err = r.checkpoint(ctx, entry); err != nil {
		r.remove(ctx, filePaths(files))
		return nil, fmt.Errorf("round %d failed, nothing committed: %w", r.number, err)
	}
	if entry.State.Round == entry.Round {
		r.opts.Crash.Call(crashpoint.Checkpoint)
	}
	r.opts.Crash.Call(crashpoint.BeforeCommit)
	if err := r.readyToCommit(ctx); err != nil {
		r.discard(ctx, entry)
		return nil, fmt.Errorf("round %d failed, nothing committed: %w", r.number, err)
	}
	committer := &manifest.Committer{Store: r.opts.Store, Signer: r.opts.Signer, Now: r.opts.Now, Warn: r.opts.Logger.Warn, Crash: r.opts.Crash}
	if _, err := committer.Commit(ctx, next, entry); err != nil {
		if !manifest.NothingCommitted(err) {
			return nil, err
		}
		r.discard(ctx, entry)
		if errors.Is(err, manifest.ErrRoundTaken) {
			return nil, err
		}
		return nil, fmt.Errorf("round %d failed, nothing committed: %w", r.number, err)
	}
	r.opts.Logger.Info("round committed", "round", r.number, "rows", entry.Rows(), "files", len(entry.Files),
		"changed_streams", len(entry.Streams)-len(res.Failed), "unchanged_streams", entry.Unchanged, "failed_streams", len(res.Failed))
	res.Entry = entry
	return res, nil
}

// readyToCommit is the last check before the commit: the round was not
// stopped, and no run of another shard count committed meanwhile.
func (r *round) readyToCommit(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return r.checkOverlap(ctx)
}

// unchanged reports whether a stream ran, found nothing, and may keep its
// stored deltaLink: same query, link younger than its refresh age (see
// refreshAge), and the state is this chain's own. A stream whose newest
// state another shard's chain holds (it moved here in a re-shard) is
// recorded in its first round here, so the move shows in the history and
// this chain's state is complete on its own.
func (r *round) unchanged(k manifest.Key, cp *wire.Checkpoint) bool {
	if cp == r.quiet {
		return true // found so when it arrived (see handle)
	}
	prev, ok := r.prior.state.Get(k)
	if !r.prior.state.Mine(k) {
		return false
	}
	return ok && cp.Status == wire.StatusOK && cp.Mode == wire.ModeIncremental && cp.Upserts == 0 && cp.Deletes == 0 &&
		prev.DeltaLink != "" && prev.Fingerprint == cp.Fingerprint && r.started.Sub(prev.LinkedAt) < refreshAge(k, r.opts.linkRefresh())
}

// refreshSpread is the share of LinkRefresh over which the streams' refresh
// ages are spread.
const refreshSpread = 4

// refreshAge is the age at which stream k's kept deltaLink is replaced by
// the one its round found: between three quarters of refresh and refresh,
// fixed per stream (a hash of its key). Streams linked in one round (a
// pipeline's first) would otherwise all be recorded again in one round a
// day, an entry as large as the first (at 600,000 mail streams, most of a
// gigabyte, and a round that costs the host several times an incremental
// one); spread so, they are replaced
// over the rounds of a quarter of refresh, and as each stream keeps its
// own age they drift apart from there.
func refreshAge(k manifest.Key, refresh time.Duration) time.Duration {
	h := fnv.New64a()
	_, _ = h.Write([]byte(k.Source)) // a hash.Hash never fails to write
	_, _ = h.Write([]byte{0})
	_, _ = h.Write([]byte(k.Stream))
	return refresh - time.Duration(h.Sum64()%uint64(refresh/refreshSpread+1))
}

// checkpoint writes the state after this round when the last checkpoint is
// CheckpointEvery rounds old (or there is none), else carries the last
// reference forward.
func (r *round) checkpoint(ctx context.Context, entry *manifest.Entry) (*manifest.StateRef, error) {
	var last *manifest.StateRef
	if r.prior.latest != nil {
		last = r.prior.latest.State
	}
	if last != nil && entry.Round-last.Round < r.opts.checkpointEvery() {
		return last, nil
	}
	next := r.prior.state.Own()
	next.Apply(entry)
	return manifest.WriteCheckpointWith(ctx, r.opts.Store, entry.Chain, entry.Pipeline, entry.Round, entry.RunID, next, r.shardedSources())
}

// shardedSources names the sources whose tables, as described this round,
// all declare a shard key (see shardable), for the checkpoint to record.
func (r *round) shardedSources() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for source, tables := range r.tables {
		if shardable(tables) {
			out = append(out, source)
		}
	}
	return out
}

// cleanupTimeout bounds the removal of a failed round's objects, so a
// stopped run exits in time; what is left is garbage for etl gc.
const cleanupTimeout = 5 * time.Second

// cleanupContext outlives ctx's cancellation, for at most cleanupTimeout.
func cleanupContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
}

// discard removes the objects of a round that will not commit (it was
// stopped, or lost the commit race: the winner's objects have other
// names). Only what the round wrote goes: its files, and its state
// checkpoint and snapshot by the names this run gives them, never what a
// reference carried forward from the lake names.
func (r *round) discard(ctx context.Context, entry *manifest.Entry) {
	var paths []string
	for _, f := range entry.Files {
		paths = append(paths, f.Path)
	}
	if entry.State != nil && entry.State.Path == manifest.CheckpointName(entry.Chain, entry.Round, entry.RunID) {
		paths = append(paths, entry.State.Path)
	}
	r.remove(ctx, paths)
	ctx, cancel := cleanupContext(ctx)
	defer cancel()
	r.discardCurrent(ctx, entry)
}

// remove deletes objects no entry names. Failures only leave garbage for
// etl gc.
func (r *round) remove(ctx context.Context, paths []string) {
	ctx, cancel := cleanupContext(ctx)
	defer cancel()
	for _, p := range paths {
		_ = r.opts.Store.Delete(ctx, p)
	}
}

// filePaths returns the paths of files.
func filePaths(files []parquetout.File) []string {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	return paths
}

// checkpointKeys lists the streams that reported this round, sorted.
func (r *round) checkpointKeys() []manifest.Key {
	keys := make([]manifest.Key, 0, len(r.checkpoints))
	for k := range r.checkpoints {
		keys = append(keys, k)
	}
	manifest.SortKeys(keys)
	return keys
}

// streamEntry is a stream's manifest record for this round, without its
// new deltaLink.
func (r *round) streamEntry(k manifest.Key, cp *wire.Checkpoint) manifest.Stream {
	s := manifest.Stream{Source: k.Source, Stream: k.Stream, Mode: cp.Mode, Fingerprint: cp.Fingerprint,
		Pages: cp.Pages, Upserts: cp.Upserts, Deletes: cp.Deletes, Status: cp.Status.Recorded(), Error: cp.Error}
	if r.resyncing(k, cp) {
		s.Mode, s.Reason = wire.ModeResync, r.resyncReason(k, cp)
	}
	s.Swept = r.swept[k]
	prev, ok := r.prior.state.Get(k)
	if !ok {
		return s
	}
	if cp.Mode == wire.ModeIncremental {
		s.StartLinkSHA256 = prev.EndLinkSHA256
	}
	if cp.Status == wire.StatusFailed {
		s.Fingerprint, s.EndLinkSHA256 = prev.Fingerprint, prev.EndLinkSHA256
	}
	return s
}

func failedSummary(streams []manifest.Stream) string {
	var parts []string
	for _, s := range streams {
		parts = append(parts, fmt.Sprintf("%s/%s: %s", s.Source, s.Stream, s.Error))
	}
	return strings.Join(parts, "; ")
}
