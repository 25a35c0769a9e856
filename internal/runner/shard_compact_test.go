package runner

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/lake"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// mailboxTable is the sharded test source's table, sharded by user.
const mailboxTable = "messages"

// mailboxSource is an in-process sharded source: one stream per user,
// synced by the shard that owns the user. Each round it upserts two of
// the user's messages and deletes a third, so that keys are added,
// changed, deleted and added again over the rounds.
type mailboxSource struct {
	mu    sync.Mutex
	users []string
	// gone are users no longer listed: the shard that owns one ends its
	// stream.
	gone map[string]bool
	// during, when set, runs once in shard 0's next round, after its rows
	// were sent: another shard's round then commits meanwhile.
	during func(ctx context.Context) error
}

func (m *mailboxSource) Tables() []table.Table {
	return []table.Table{{Name: mailboxTable, Key: []string{"userId", "id"}, ShardKey: "userId", Columns: []table.Column{
		{Name: "userId", Type: table.String()}, {Name: "id", Type: table.String()}, {Name: "subject", Type: table.String()},
	}}}
}

func (m *mailboxSource) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	for _, u := range m.users {
		if !req.Shard.OwnsStream(u) {
			continue
		}
		if m.gone[u] {
			if _, ok := req.Streams.Get(u); ok {
				if err := emit.EndStream(u); err != nil {
					return err
				}
			}
			continue
		}
		r := int(req.Round)
		for _, k := range []int{r % 5, (r*3 + 1) % 5} {
			raw := fmt.Appendf(nil, `{"userId":%q,"id":"%s-m%d","subject":"round %d"}`, u, u, k, r)
			if err := emit.Item(mailboxTable, u, raw); err != nil {
				return err
			}
		}
		gone := fmt.Sprintf("%s-m%d", u, (r*7+2)%5)
		if err := emit.Tombstone(mailboxTable, u, map[string]string{"userId": u, "id": gone}, "deleted"); err != nil {
			return err
		}
		cp := wire.Checkpoint{Stream: u, Status: wire.StatusOK, Mode: wire.ModeIncremental, Fingerprint: "fp", Pages: 1,
			Upserts: 2, Deletes: 1, DeltaLink: fmt.Sprintf("https://graph.test/%s?%d", u, r)}
		if err := emit.Checkpoint(cp); err != nil {
			return err
		}
	}
	m.mu.Lock()
	during := m.during
	if req.Shard.Index == 0 {
		m.during = nil
	} else {
		during = nil
	}
	m.mu.Unlock()
	if during != nil {
		return during(ctx)
	}
	return nil
}

// shardRound runs one round of the mailbox pipeline in chain c, shard 0
// compacting every `every` rounds.
func (l *testLake) shardRound(ctx context.Context, c manifest.Chain, every int) (*Result, error) {
	opts := l.options(nil)
	opts.Chain = c
	opts.Pipeline.Lake.CompactEvery = every
	return Run(ctx, opts)
}

// foldAll folds every change-log row the lake's entries name: the
// reference the current state must equal.
func foldAll(t *testing.T, l *testLake) []map[string]any {
	t.Helper()
	ctx := context.Background()
	all, err := manifest.All(ctx, l.store)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	for _, c := range all {
		for _, f := range c.Files {
			if f.Table != mailboxTable {
				continue
			}
			if err := parquetin.ReadRows(ctx, l.store, []parquetin.File{parquetin.Recorded(f)}, func(row map[string]any) error {
				rows = append(rows, row)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		ri, rj := rows[i][table.ColRound].(int64), rows[j][table.ColRound].(int64)
		if ri != rj {
			return ri < rj
		}
		return rows[i][table.ColSeq].(int64) < rows[j][table.ColSeq].(int64)
	})
	st := lake.NewState("userId", "id")
	for _, row := range rows {
		if err := st.Apply(row); err != nil {
			t.Fatal(err)
		}
	}
	return mailboxValues(st.Rows())
}

// mailboxValues keeps the typed columns, sorted by key.
func mailboxValues(rows []map[string]any) []map[string]any {
	out := make([]map[string]any, 0, len(rows))
	for _, r := range rows {
		out = append(out, map[string]any{"userId": r["userId"], "id": r["id"], "subject": r["subject"]})
	}
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out
}

// TestShardZeroCompactsAShardedLake runs a pipeline of three shards whose
// source is sharded by user, the shards taking turns and sometimes
// running at once (shard 1 commits during shard 0's round, a round the
// snapshot does not hold), then re-shards it to two. Only shard 0 writes
// snapshots, each recording the round of every chain it holds; the
// entries after the snapshot stay few; and after every round the current
// state equals the fold of every round.
func TestShardZeroCompactsAShardedLake(t *testing.T) {
	ctx := context.Background()
	const every = 4
	l := newTestLake(t)
	l.src.script = map[string]streamRound{}
	src := &mailboxSource{users: []string{"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"}}
	l.others = map[string]wire.Source{"mail": sdk.InProcess(src)}
	run := func(c manifest.Chain) *Result {
		t.Helper()
		res, err := l.shardRound(ctx, c, every)
		if err != nil {
			t.Fatalf("round of %s: %v", c, err)
		}
		return res
	}
	snapshots := 0
	check := func(res *Result) {
		t.Helper()
		e := res.Entry
		checkCurrent(t, l)
		if e.Current == nil || e.Current.Round != e.Round {
			return
		}
		snapshots++
		if e.Chain.Index != 0 {
			t.Errorf("round %d of %s wrote a snapshot; only shard 0 compacts", e.Round, e.Chain)
		}
		if e.Current.Covers[manifest.CoverKey(e.Chain)] != e.Round || e.Format != manifest.NewestFormat {
			t.Errorf("round %d's snapshot covers %v in format %d, want its own round recorded, format %d", e.Round, e.Current.Covers, e.Format, manifest.NewestFormat)
		}
	}
	for i := range 24 {
		c := manifest.Chain{Index: i % 3, Count: 3}
		if i%4 == 3 {
			c = manifest.Chain{Index: 0, Count: 3}
			src.mu.Lock()
			src.during = func(ctx context.Context) error {
				_, err := l.shardRound(ctx, manifest.Chain{Index: 1, Count: 3}, every)
				return err
			}
			src.mu.Unlock()
		}
		check(run(c))
	}
	for i := range 8 {
		check(run(manifest.Chain{Index: i % 2, Count: 2}))
	}
	if snapshots < 4 {
		t.Fatalf("shard 0 wrote %d snapshots in 32 rounds compacting every %d, want at least 4", snapshots, every)
	}
	if !concurrentSnapshot(t, l) {
		t.Error("no shard committed a round that a snapshot at or after it does not hold: the test ran no shards at once")
	}
	// a mailbox of shard 1 goes: its stream ends, and the sweep deletes
	// its rows, those of rounds the snapshot does not hold among them
	gone := ""
	for _, u := range src.users {
		if wire.ShardOf(u, 2) == 1 {
			gone = u
		}
	}
	src.gone = map[string]bool{gone: true}
	res := run(manifest.Chain{Index: 1, Count: 2})
	check(res)
	var ended manifest.Stream
	for _, s := range res.Entry.Streams {
		if s.Source == "mail" && s.Stream == gone {
			ended = s
		}
	}
	if ended.Status != wire.StatusEnded || ended.Swept == 0 {
		t.Errorf("the gone mailbox's stream is recorded %q with %d rows swept, want ended with its rows swept", ended.Status, ended.Swept)
	}
	if n := liveRowsOf(t, l, gone); n != 0 {
		t.Errorf("%d messages of the gone mailbox %s are live after the sweep", n, gone)
	}
	lk, err := manifest.LoadLake(ctx, l.store)
	if err != nil {
		t.Fatal(err)
	}
	snap := lk.Snapshot()
	after, err := lk.AfterSnapshot(ctx, l.store, snap)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) > 2*every {
		t.Errorf("readers apply %d entries to snapshot %d, want at most %d", len(after), snap.Round, 2*every)
	}
	if snap.Covers["2-of-3"] == 0 {
		t.Errorf("the two-shard snapshot covers %v, want the three-shard chains' rounds too", snap.Covers)
	}
}

// checkCurrent compares the lake's current state with the fold of every
// round.
func checkCurrent(t *testing.T, l *testLake) {
	t.Helper()
	ctx := context.Background()
	v, err := current.OpenLake(ctx, l.store)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := v.Scan(ctx, mailboxTable, func(row map[string]any) error { got = append(got, row); return nil }); err != nil {
		t.Fatal(err)
	}
	want := foldAll(t, l)
	if len(want) == 0 {
		t.Fatal("the fold holds no messages")
	}
	if diff := cmp.Diff(want, mailboxValues(got)); diff != "" {
		t.Fatalf("after round %d the current state differs from the fold of every round (-fold +current):\n%s", v.Round(), diff)
	}
}

// concurrentSnapshot reports whether some snapshot leaves out a round at
// or below its own, committed by a shard that ran meanwhile.
func concurrentSnapshot(t *testing.T, l *testLake) bool {
	t.Helper()
	all, err := manifest.All(context.Background(), l.store)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		if e.Current == nil || e.Current.Round != e.Round {
			continue
		}
		for _, c := range all {
			if c.Round <= e.Round && c.Round > e.Current.Covered(c.Chain) {
				return true
			}
		}
	}
	return false
}

// liveRowsOf counts the user's live messages in the current state.
func liveRowsOf(t *testing.T, l *testLake, user string) int {
	t.Helper()
	v, err := current.OpenLake(context.Background(), l.store)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := v.Scan(context.Background(), mailboxTable, func(row map[string]any) error {
		if row["userId"] == user {
			n++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}
