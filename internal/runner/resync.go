package runner

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/sdk/lake"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// resyncing reports whether a stream's round read everything again after
// the lake already held rows of it: the stream is in the committed state
// (with a deltaLink whose query changed, or waiting for a resync) and the
// round was not incremental.
func (r *round) resyncing(k manifest.Key, cp *wire.Checkpoint) bool {
	reason, _ := r.sweepReason(k, cp)
	return reason == lake.ReasonResync || reason == lake.ReasonOutsideWindow
}

// sweepReason says whether the round must sweep a stream's rows, and why
// (see lake.ReasonFor).
func (r *round) sweepReason(k manifest.Key, cp *wire.Checkpoint) (string, bool) {
	_, known := r.prior.state.Get(k)
	return lake.ReasonFor(known, *cp)
}

// resyncReason says why a resyncing stream read everything again.
func (r *round) resyncReason(k manifest.Key, cp *wire.Checkpoint) string {
	if cp.Reason != "" {
		return cp.Reason
	}
	if prev, _ := r.prior.state.Get(k); prev.Resync != "" {
		return prev.Resync
	}
	return "full round of a stream the lake already holds"
}

// sweepTargets returns, by source, the streams whose rows the round must
// sweep and the reason their tombstones carry: those that read everything
// again, and those that ended.
func (r *round) sweepTargets() map[string]map[string]string {
	targets := map[string]map[string]string{}
	for k, cp := range r.checkpoints {
		reason, sweep := r.sweepReason(k, cp)
		if !sweep {
			continue
		}
		if targets[k.Source] == nil {
			targets[k.Source] = map[string]string{}
		}
		targets[k.Source][k.Stream] = reason
	}
	return targets
}

// sweep writes the deletions no one announced: for every stream that read
// everything again, a tombstone for each key it held live that the round
// did not return; for every stream that ended, one for each key it held
// that no stream returned. It returns the tombstone files, to commit with
// the round's own.
func (r *round) sweep(ctx context.Context, files []parquetout.File) ([]parquetout.File, error) {
	targets := r.sweepTargets()
	if len(targets) == 0 {
		return nil, nil
	}
	view, err := r.view(ctx)
	if err != nil {
		return nil, fmt.Errorf("find the rows of resynced and ended streams: %w", err)
	}
	w := parquetout.New(parquetout.Options{Store: r.opts.Store, Round: r.number, RunID: r.runID, Date: r.started,
		TargetFileBytes: r.opts.TargetFileBytes, RowGroupBytes: r.opts.RowGroupBytes, FirstPart: len(files), Tenant: r.opts.Pipeline.Graph.TenantID})
	for _, source := range sortedKeys(targets) {
		for _, name := range sortedKeys(r.tables[source]) {
			err := r.sweepTable(ctx, w, view, source, r.tables[source][name], targets[source], roundFiles(files, name))
			if err != nil {
				w.Abort(context.WithoutCancel(ctx))
				return nil, fmt.Errorf("delete the rows resynced or ended streams of %s no longer return from %s: %w", source, name, err)
			}
		}
	}
	return w.Close(ctx)
}

// sweepTable tombstones one table's rows that streams held live and the
// round did not return. The live rows come from the lake's current state
// (the newest snapshot and the rounds after it), so the cost grows with
// the table and the recent changes, not with the history.
func (r *round) sweepTable(ctx context.Context, w *parquetout.Writer, view *current.View, source string, t wire.Table, streams map[string]string, written []parquetin.File) error {
	d, err := table.ReadDeclared(t.Schema)
	if err != nil || len(d.Key) == 0 || d.AppendOnly {
		return err // an append-only table's rows are never swept
	}
	key := d.Key
	sw := lake.NewSweep(key, streams)
	err = view.Scan(ctx, t.Name, sw.Committed)
	if errors.Is(err, current.ErrUnknownTable) {
		return nil // nothing committed to the table yet
	}
	if err != nil {
		return err
	}
	var maxSeq int64
	err = parquetin.ReadColumns(ctx, r.opts.Store, written, append(key, table.ColSeq), func(row map[string]any) error {
		maxSeq = max(maxSeq, row[table.ColSeq].(int64))
		return sw.Returned(row)
	})
	if err != nil {
		return err
	}
	missing := sw.Missing()
	if len(missing) == 0 {
		return nil
	}
	rec, err := lake.Tombstones(memory.DefaultAllocator, t.Schema, missing, lake.Stamp{Round: r.number, FirstSeq: maxSeq + 1, SyncedAt: r.started})
	if err != nil {
		return err
	}
	defer rec.Release()
	if err := w.Write(ctx, t.Name, rec); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range missing {
		r.swept[manifest.Key{Source: source, Stream: m.Stream}]++
	}
	r.opts.Logger.Info("deleted the rows that resynced or ended streams no longer return", "source", source, "table", t.Name, "rows", len(missing))
	return nil
}

// roundFiles lists the round's files of one table.
func roundFiles(files []parquetout.File, name string) []parquetin.File {
	var out []parquetin.File
	for _, f := range files {
		if f.Table == name {
			out = append(out, parquetin.File{Path: f.Path, Bytes: f.Bytes, SHA256: f.SHA256})
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// view is the lake's current state, every chain's, read afresh.
func (r *round) view(ctx context.Context) (*current.View, error) {
	return current.OpenLake(ctx, r.opts.Store)
}
