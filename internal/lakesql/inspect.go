package lakesql

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// ErrNoRounds means the lake has no committed round yet: there is nothing
// to query.
var ErrNoRounds = errors.New("the lake has no committed round yet")

// InspectOptions says what Inspect looks up besides the latest round.
type InspectOptions struct {
	// Snapshots pins the current views to the snapshots the latest entry
	// names (etl sql --snapshot auto).
	Snapshots bool
	// FindUnwritten lists each table's folder to find the tables without a
	// data file (DuckDB cannot read an empty folder).
	FindUnwritten bool
	// AsOf pins the views to a past round (etl sql --as-of): the round
	// it names, and the snapshot that round's entry names.
	AsOf *current.AsOf
}

// Inspect reads what the SQL needs from a lake's manifest: the latest
// round, the day of round 1, and, as asked, the snapshots the latest entry
// names and the tables without data. It reads a few objects, plus one
// listing per table with FindUnwritten.
func Inspect(ctx context.Context, st store.Store, tables []Table, opts InspectOptions) (Lake, error) {
	chains, err := manifest.LoadLakeHeads(ctx, st)
	if err != nil {
		return Lake{}, err
	}
	latest := chains.MaxRound()
	if latest == 0 {
		return Lake{}, ErrNoRounds
	}
	first, err := firstDay(ctx, st, chains)
	if err != nil {
		return Lake{}, err
	}
	lake := Lake{Round: latest, FirstDay: first, Sharded: chains.Sharded()}
	snap := chains.Snapshot()
	// the entries the views apply to a sharded lake's snapshot, and the
	// newest ones, when the snapshot records the chains it covers
	var after []*manifest.Committed
	heads := chains.Heads
	pinned := false
	if opts.AsOf != nil {
		p, err := current.Find(ctx, st, *opts.AsOf)
		if err != nil {
			return Lake{}, err
		}
		lake.Round, snap = p.Entry.Round, p.Snapshot()
		lake.AsOf = &AsOf{Round: p.Entry.Round, SHA256: p.Entry.SHA256, Chain: p.Entry.Chain.ID(), CommittedAt: p.Entry.CommittedAt}
		after, heads, pinned = p.Entries, []*manifest.Committed{p.Entry}, true
	}
	if opts.Snapshots {
		if snap != nil && snap.Covers != nil && !pinned {
			if after, err = chains.AfterSnapshot(ctx, st, snap); err != nil {
				return Lake{}, fmt.Errorf("read the rounds after the current-state snapshot: %w", err)
			}
		}
		if lake.Snapshots, err = snapshots(ctx, st, snap, tables, slices.Concat(after, heads)); err != nil {
			return Lake{}, err
		}
	}
	if opts.FindUnwritten {
		if lake.Unwritten, err = unwritten(ctx, st, tables); err != nil {
			return Lake{}, err
		}
	}
	return lake, nil
}

// currentRef is the part of a manifest entry that names the newest
// committed snapshot (written by etl compact).
type currentRef struct {
	Round  int64 `json:"round"`
	Tables []struct {
		Table string `json:"table"`
		Files []struct {
			Path string `json:"path"`
		} `json:"files"`
	} `json:"tables"`
}

// snapshots returns the snapshots that round's entry names, by table.
// For a sharded lake's snapshot, which records the chains it covers,
// later are the entries the views apply to it and the newest ones: the
// views read the change log from the oldest round a shard committed that
// the snapshot does not hold (see Snapshot.Reread).
func snapshots(ctx context.Context, st store.Store, ref *manifest.CurrentRef, tables []Table, later []*manifest.Committed) (map[string]Snapshot, error) {
	if ref == nil || len(ref.Tables) == 0 {
		return nil, nil
	}
	var e struct {
		Current *currentRef `json:"current"`
	}
	raw, err := json.Marshal(struct {
		Current *manifest.CurrentRef `json:"current"`
	}{ref})
	if err == nil {
		err = json.Unmarshal(raw, &e)
	}
	if err != nil {
		return nil, fmt.Errorf("read the latest manifest entry: %w", err)
	}
	var reread int64
	var started time.Time
	if ref.Covers == nil {
		at, err := manifest.ReadInWithoutStreams(ctx, st, manifest.Chain{}, e.Current.Round)
		if err != nil {
			return nil, fmt.Errorf("read the entry of snapshot round %d: %w", e.Current.Round, err)
		}
		started = at.StartedAt
	} else {
		reread, started = shardedBounds(ref, later)
	}
	known := map[string]bool{}
	for _, t := range tables {
		known[t.Name] = true
	}
	out := map[string]Snapshot{}
	for _, t := range e.Current.Tables {
		if !known[t.Table] {
			continue
		}
		s := Snapshot{Round: e.Current.Round, Reread: reread, Since: started.UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)}
		for _, f := range t.Files {
			id, err := snapshotID(t.Table, f.Path)
			if err != nil {
				return nil, err
			}
			if s.ID != "" && id != s.ID {
				return nil, fmt.Errorf("the snapshot of %s at round %d spans folders %s and %s", t.Table, s.Round, s.ID, id)
			}
			s.ID, s.Files = id, append(s.Files, f.Path)
		}
		out[t.Table] = s
	}
	return out, nil
}

// shardedBounds are the rounds below a sharded lake's snapshot that the
// views read again (Snapshot.Reread) and the earliest start of a round
// they apply to it: of the entries among later that the snapshot does not
// hold, else of the newest entry (rounds committed later start later).
func shardedBounds(ref *manifest.CurrentRef, later []*manifest.Committed) (reread int64, started time.Time) {
	var newest time.Time
	for _, c := range later {
		if c.StartedAt.After(newest) {
			newest = c.StartedAt
		}
		if c.Round <= ref.Covered(c.Chain) {
			continue
		}
		if started.IsZero() || c.StartedAt.Before(started) {
			started = c.StartedAt
		}
		reread = max(reread, ref.Round-c.Round+1)
	}
	if started.IsZero() {
		started = newest
	}
	return reread, started
}

// snapshotID reads <ID> from current/<table>/snapshot=<ID>/<part>.parquet.
func snapshotID(table, path string) (string, error) {
	id, ok := current.SnapshotFileID(table, path)
	if !ok {
		return "", fmt.Errorf("snapshot file %s of table %s is not current/%s/snapshot=<round>-<run>/<part>.parquet as etl names them: the manifest was altered; run etl verify",
			wire.Printable(path), table, table)
	}
	return id, nil
}

// dataFile matches what DuckDB's glob <table>/*/*.parquet finds.
var dataFile = regexp.MustCompile(`^[^/]+/[^/]+/[^/]+\.parquet$`)

// unwritten lists each table's folder and returns the tables without a
// Parquet file in a partition.
func unwritten(ctx context.Context, st store.Store, tables []Table) (map[string]bool, error) {
	out := map[string]bool{}
	for _, t := range tables {
		infos, err := st.List(ctx, t.Name+"/")
		if err != nil {
			return nil, fmt.Errorf("list table %s: %w", t.Name, err)
		}
		found := false
		for _, info := range infos {
			found = found || dataFile.MatchString(info.Name)
		}
		if !found {
			out[t.Name] = true
		}
	}
	return out, nil
}

// firstDay is the UTC day the lake's first round started: round 1 of the
// root chain, else the earliest first round of the shard chains.
func firstDay(ctx context.Context, st store.Store, lake *manifest.Lake) (time.Time, error) {
	var first time.Time
	if !lake.Sharded() {
		c, err := manifest.ReadInWithoutStreams(ctx, st, manifest.Chain{}, 1)
		if err != nil {
			return time.Time{}, err
		}
		return c.StartedAt.UTC().Truncate(24 * time.Hour), nil
	}
	for _, h := range lake.Heads {
		rounds, err := manifest.RoundsIn(ctx, st, h.Chain)
		if err != nil || len(rounds) == 0 {
			return time.Time{}, err
		}
		c, err := manifest.ReadInWithoutStreams(ctx, st, h.Chain, rounds[0])
		if err != nil {
			return time.Time{}, err
		}
		if day := c.StartedAt.UTC().Truncate(24 * time.Hour); first.IsZero() || day.Before(first) {
			first = day
		}
	}
	return first, nil
}
