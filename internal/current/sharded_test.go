package current_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/table"
)

// countingStore counts the manifest entries read through it.
type countingStore struct {
	store.Store
	entries atomic.Int64
}

// entryName matches a manifest entry of any chain.
var entryName = regexp.MustCompile(`^_manifest/(shards/[0-9]+-of-[0-9]+/)?[0-9]{20}\.json$`)

func (s *countingStore) count(name string) {
	if entryName.MatchString(name) {
		s.entries.Add(1)
	}
}

func (s *countingStore) Get(ctx context.Context, name string) ([]byte, error) {
	s.count(name)
	return s.Store.Get(ctx, name)
}

func (s *countingStore) Open(ctx context.Context, name string) (store.Reader, error) {
	s.count(name)
	return s.Store.Open(ctx, name)
}

// shardedLake commits rounds of hand-made changes in the chains of a
// sharded lake, as shards do: each round reads the lake's heads when it
// starts, and shard 0 compacts every compactEvery rounds.
type shardedLake struct {
	t            testing.TB
	s            *countingStore
	compactEvery int
	log          map[string][]map[string]any
	// churns make each shard's changes; their keys carry the shard's
	// prefix, so that no two chains write one key.
	churns []*churn
	rng    *rand.Rand
}

func newShardedLake(t testing.TB, shards, compactEvery int, seed uint64) *shardedLake {
	t.Helper()
	s, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	l := &shardedLake{t: t, s: &countingStore{Store: s}, compactEvery: compactEvery, log: map[string][]map[string]any{},
		rng: rand.New(rand.NewPCG(seed, 11))}
	for range shards {
		l.churns = append(l.churns, &churn{rng: l.rng, groups: map[string]bool{}, members: map[string]map[string]bool{}})
	}
	return l
}

// begin is a round of chain c starting: it reads the lake's heads.
func (l *shardedLake) begin(c manifest.Chain) *pendingRound {
	l.t.Helper()
	lake, err := manifest.LoadLake(context.Background(), l.s)
	if err != nil {
		l.t.Fatal(err)
	}
	return &pendingRound{l: l, c: c, lake: lake}
}

// pendingRound is a round that read the lake and has not committed yet.
type pendingRound struct {
	l    *shardedLake
	c    manifest.Chain
	lake *manifest.Lake
}

// prefixed gives a shard's ids a prefix of their own.
var shardIDs = regexp.MustCompile(`:"([pg][0-9]+)"`)

// commit writes the shard's changes and commits them; shard 0 writes a
// snapshot first when one is due, as the runner does.
func (p *pendingRound) commit() *manifest.Committed {
	l := p.l
	l.t.Helper()
	ctx := context.Background()
	next := p.lake.Next(p.c)
	r := next.Round
	runID := fmt.Sprintf("run%d-%s", r, p.c.ID())
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r) * time.Minute)
	builders := map[string]*table.Builder{}
	prefix := fmt.Sprintf("s%d", p.c.Index)
	for i, o := range l.churns[p.c.Index].round() {
		b := builders[o.table]
		if b == nil {
			b = table.NewBuilder(memory.DefaultAllocator, testTables[o.table])
			builders[o.table] = b
			defer b.Release()
		}
		m := table.Meta{Round: r, Seq: int64(i + 1), SyncedAt: at, Stream: prefix + "/" + o.table}
		var err error
		if o.key != nil {
			key := map[string]string{}
			for k, v := range o.key {
				key[k] = prefix + v
			}
			err = b.AppendTombstone(key, "deleted", m)
		} else {
			err = b.AppendRaw([]byte(shardIDs.ReplaceAllString(o.raw, `:"`+prefix+`$1"`)), m)
		}
		if err != nil {
			l.t.Fatalf("round %d op %d: %v", r, i, err)
		}
	}
	w := parquetout.New(parquetout.Options{Store: l.s, Round: r, RunID: runID, Date: at})
	for name, b := range builders {
		rec := b.NewRecord()
		err := w.Write(ctx, name, rec)
		rec.Release()
		if err != nil {
			l.t.Fatal(err)
		}
	}
	files, err := w.Close(ctx)
	if err != nil {
		l.t.Fatal(err)
	}
	e := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Kind: manifest.KindSync, RunID: runID,
		StartedAt: at, CommittedAt: at, Streams: []manifest.Stream{}, Current: p.lake.Snapshot()}
	for _, f := range files {
		e.Files = append(e.Files, manifest.File{Table: f.Table, Path: f.Path, Rows: f.Rows, Bytes: f.Bytes, SHA256: f.SHA256})
	}
	next.Fill(e)
	if p.c.Index == 0 && current.Due(e.Current, r, l.compactEvery) {
		v, err := current.OpenHeads(ctx, l.s, p.lake)
		if err != nil {
			l.t.Fatal(err)
		}
		ref, err := current.Compact(ctx, v.With(e), current.Options{Round: r, RunID: runID})
		if err != nil {
			l.t.Fatalf("compact round %d: %v", r, err)
		}
		ref.Covers = p.lake.Covers(p.c, r)
		e.Current = ref
	}
	c, err := (&manifest.Committer{Store: l.s}).Commit(ctx, next, e)
	if err != nil {
		l.t.Fatal(err)
	}
	for _, f := range e.Files {
		if err := parquetin.ReadRows(ctx, l.s, []parquetin.File{parquetin.Recorded(f)}, func(row map[string]any) error {
			l.log[f.Table] = append(l.log[f.Table], row)
			return nil
		}); err != nil {
			l.t.Fatal(err)
		}
	}
	return c
}

// rounds commits n rounds, the shards taking turns; every third turn
// shards 0 and 1 run at once: both read the lake, then 0 commits (and may
// compact), then 1 commits a round the snapshot does not hold.
func (l *shardedLake) rounds(n, count int) {
	l.t.Helper()
	for i := 0; i < n; {
		if i%3 == 2 && count > 1 && i+1 < n {
			zero, one := l.begin(manifest.Chain{Index: 0, Count: count}), l.begin(manifest.Chain{Index: 1, Count: count})
			zero.commit()
			one.commit()
			i += 2
			continue
		}
		l.begin(manifest.Chain{Index: i % count, Count: count}).commit()
		i++
	}
}

// fold is the reference: every committed change-log row folded, with the
// parent rule.
func (l *shardedLake) fold(tbl string) []map[string]any {
	l.t.Helper()
	t, _ := l.t.(*testing.T)
	tl := &testLake{t: t, log: l.log}
	return tl.fold(tbl)
}

// scan reads a table through v.
func scanView(t *testing.T, v *current.View, tbl string) []map[string]any {
	t.Helper()
	var rows []map[string]any
	if err := v.Scan(context.Background(), tbl, func(row map[string]any) error { rows = append(rows, row); return nil }); err != nil {
		t.Fatalf("scan %s: %v", tbl, err)
	}
	return rows
}

// TestAShardedLakeReadsItsNewestSnapshotAndOnlyTheRoundsAfterIt syncs a
// lake of three shards whose shard 0 compacts every six rounds, shards 0
// and 1 sometimes running at once so that shard 1 commits a round the
// snapshot does not hold (its number at or below the snapshot's). The
// current view, and the view as of the latest round, equal the fold of
// every round, and reading either costs the same number of manifest
// entries however many rounds the lake has. The lake is then re-sharded to
// two shards, which read the three-shard snapshot and compact in turn.
func TestAShardedLakeReadsItsNewestSnapshotAndOnlyTheRoundsAfterIt(t *testing.T) {
	ctx := context.Background()
	const every = 6
	tables := []string{"people", "groups", "members"}
	check := func(t *testing.T, l *shardedLake) (openReads, asOfReads int64) {
		t.Helper()
		l.s.entries.Store(0)
		v, err := current.OpenLake(ctx, l.s)
		if err != nil {
			t.Fatal(err)
		}
		openReads = l.s.entries.Load()
		if v.Snapshot() == nil || len(v.Snapshot().Covers) == 0 {
			t.Fatalf("the view reads snapshot %+v, want one that records the chains it covers", v.Snapshot())
		}
		l.s.entries.Store(0)
		p, err := current.Find(ctx, l.s, current.AsOf{Round: v.Round()})
		if err != nil {
			t.Fatal(err)
		}
		pinned, err := current.OpenAsOf(ctx, l.s, p)
		if err != nil {
			t.Fatal(err)
		}
		asOfReads = l.s.entries.Load()
		for _, tbl := range tables {
			want := l.fold(tbl)
			if diff := cmp.Diff(want, values(scanView(t, v, tbl))); diff != "" {
				t.Errorf("current %s differs from the fold of every round (-fold +view):\n%s", tbl, diff)
			}
			if diff := cmp.Diff(want, values(scanView(t, pinned, tbl))); diff != "" {
				t.Errorf("%s as of the latest round differs from the fold of every round (-fold +as of):\n%s", tbl, diff)
			}
		}
		return openReads, asOfReads
	}
	var firstOpen, firstAsOf int64
	for _, n := range []int{24, 96} {
		t.Run(fmt.Sprintf("%d rounds", n), func(t *testing.T) {
			l := newShardedLake(t, 3, every, 5)
			l.rounds(n, 3)
			open, asOf := check(t, l)
			t.Logf("%d rounds: the current view read %d manifest entries, the view as of the latest round %d", n, open, asOf)
			if firstOpen == 0 {
				firstOpen, firstAsOf = open, asOf
			} else if open > firstOpen+3 || asOf > firstAsOf+6 {
				t.Errorf("after %d rounds readers read %d and %d entries, after 24 rounds %d and %d: the cost grows with the history",
					n, open, asOf, firstOpen, firstAsOf)
			}
			if n != 96 {
				return
			}
			l.rounds(2*every, 2)
			check(t, l)
			lake, err := manifest.LoadLake(ctx, l.s)
			if err != nil {
				t.Fatal(err)
			}
			if got := lake.Snapshot().Covers; got["0-of-2"] == 0 || got["2-of-3"] == 0 {
				t.Errorf("the two-shard snapshot covers %v, want the rounds of both shard counts' chains", got)
			}
		})
	}
}

// TestTheViewAsOfEachRoundOfACompactedShardedLakeIsTheStateThen pins each
// round of a compacted sharded lake whose shards sometimes commit at
// once: the view equals the fold of every round up to it, wherever the
// snapshot it starts from was written.
func TestTheViewAsOfEachRoundOfACompactedShardedLakeIsTheStateThen(t *testing.T) {
	ctx := context.Background()
	l := newShardedLake(t, 3, 4, 8)
	tables := []string{"people", "groups", "members"}
	l.rounds(30, 3)
	lake, err := manifest.LoadLake(ctx, l.s)
	if err != nil {
		t.Fatal(err)
	}
	if lake.Snapshot() == nil || lake.MaxRound() < 15 {
		t.Fatalf("the lake has %d rounds and snapshot %v, want a compacted lake of at least 15 rounds", lake.MaxRound(), lake.Snapshot())
	}
	for r := int64(1); r <= lake.MaxRound(); r++ {
		p, err := current.Find(ctx, l.s, current.AsOf{Round: r})
		if err != nil {
			t.Fatal(err)
		}
		v, err := current.OpenAsOf(ctx, l.s, p)
		if err != nil {
			t.Fatal(err)
		}
		upTo := &shardedLake{t: t, log: map[string][]map[string]any{}}
		for tbl, rows := range l.log {
			for _, row := range rows {
				if row[table.ColRound].(int64) <= r {
					upTo.log[tbl] = append(upTo.log[tbl], row)
				}
			}
		}
		for _, tbl := range tables {
			if len(upTo.log[tbl]) == 0 {
				continue
			}
			if diff := cmp.Diff(upTo.fold(tbl), values(scanView(t, v, tbl))); diff != "" {
				t.Errorf("%s as of round %d differs from the fold of the rounds up to it (-fold +as of):\n%s", tbl, r, diff)
			}
		}
	}
}

// TestEtlCompactCommitsASnapshotInShardZerosChain compacts a sharded lake
// on its own, as `etl compact` does: the entry is committed in the chain
// of shard 0 of the newest shard count, records the round of every chain
// it holds, and readers then read it and no entry before it.
func TestEtlCompactCommitsASnapshotInShardZerosChain(t *testing.T) {
	ctx := context.Background()
	l := newShardedLake(t, 3, 0, 3)
	l.rounds(4, 2)
	l.rounds(6, 3)
	c, err := current.CommitCompaction(ctx, l.s, current.CommitOptions{Pipeline: "p", RunID: "compact"})
	if err != nil {
		t.Fatal(err)
	}
	if want := (manifest.Chain{Index: 0, Count: 3}); c.Chain != want || c.Kind != manifest.KindCompact || c.Current.Round != c.Round {
		t.Fatalf("committed a %s entry of round %d in %s, snapshot %d; want a compact entry in %s with its own snapshot", c.Kind, c.Round, c.Chain, c.Current.Round, want)
	}
	if got := c.Current.Covers; len(got) != 5 || got["0-of-3"] != c.Round || got["1-of-2"] == 0 {
		t.Errorf("the snapshot covers %v, want every chain's round", got)
	}
	if _, err := current.CommitCompaction(ctx, l.s, current.CommitOptions{Pipeline: "p", RunID: "again"}); !errors.Is(err, current.ErrUpToDate) {
		t.Errorf("compacting again: %v, want ErrUpToDate", err)
	}
	l.s.entries.Store(0)
	v, err := current.OpenLake(ctx, l.s)
	if err != nil {
		t.Fatal(err)
	}
	if n := l.s.entries.Load(); n > 5+1 {
		t.Errorf("the view read %d manifest entries, want the 5 heads and one before the snapshot's", n)
	}
	for _, tbl := range []string{"people", "groups", "members"} {
		if diff := cmp.Diff(l.fold(tbl), values(scanView(t, v, tbl))); diff != "" {
			t.Errorf("current %s differs from the fold of every round (-fold +view):\n%s", tbl, diff)
		}
	}
}

// BenchmarkShardedLakeRead reads the current state of a lake of three
// shards (shards 0 and 1 sometimes at once) after N rounds, with shard 0
// compacting every 24 rounds and without compaction (as sharded lakes
// were read before shards compacted), reporting the manifest entries read;
// then as of the middle round (Find and OpenAsOf, no scan).
//
//	go test -run XXX -bench ShardedLakeRead -benchtime 5x ./internal/current/
func BenchmarkShardedLakeRead(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{10, 100, 1000} {
		for _, every := range []int{24, 0} {
			b.Run(fmt.Sprintf("rounds=%d/compact_every=%d", n, every), func(b *testing.B) {
				l := newShardedLake(b, 3, every, 1)
				l.rounds(n, 3)
				l.s.entries.Store(0)
				b.ResetTimer()
				for range b.N {
					v, err := current.OpenLake(ctx, l.s)
					if err != nil {
						b.Fatal(err)
					}
					for _, tbl := range []string{"people", "groups", "members"} {
						if err := v.Scan(ctx, tbl, func(map[string]any) error { return nil }); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ReportMetric(float64(l.s.entries.Load())/float64(b.N), "entries/op")
				b.StopTimer()
				l.s.entries.Store(0)
				started := time.Now()
				p, err := current.Find(ctx, l.s, current.AsOf{Round: int64(n / 2)})
				if err == nil {
					_, err = current.OpenAsOf(ctx, l.s, p)
				}
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(l.s.entries.Load()), "as-of-entries")
				b.ReportMetric(float64(time.Since(started).Microseconds()), "as-of-us")
			})
		}
	}
}
