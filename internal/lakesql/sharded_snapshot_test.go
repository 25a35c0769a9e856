package lakesql

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// TestTheViewsOfAShardedSnapshotReadTheRoundsItDoesNotHold commits a
// sharded lake whose shard 0 compacts at round 6 while shard 1 runs:
// shard 1 commits round 5 after the snapshot, which holds shard 1's round
// 3 only. The views must read the change log from round 5 (not from
// round 7), from its day on, both for the latest state and as of round 6;
// a snapshot that covers every chain's round rereads nothing.
func TestTheViewsOfAShardedSnapshotReadTheRoundsItDoesNotHold(t *testing.T) {
	tables, _ := builtinTables(t)
	st, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	zero, one := manifest.Chain{Index: 0, Count: 2}, manifest.Chain{Index: 1, Count: 2}
	day := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	id := "00000000000000000006-abcd1234"
	snap := &manifest.CurrentRef{Round: 6, Covers: map[string]int64{"0-of-2": 6, "1-of-2": 3}, Tables: []manifest.CurrentTable{{
		Table: "users", Path: "current/users/snapshot=" + id + "/", Rows: 1,
		Files: []manifest.File{{Table: "users", Path: "current/users/snapshot=" + id + "/0000.parquet", Rows: 1}}}}}
	heads := map[manifest.Chain]*manifest.Committed{}
	commit := func(c manifest.Chain, round int64, started time.Time, ref *manifest.CurrentRef) {
		t.Helper()
		e := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Kind: manifest.KindSync, RunID: "r",
			StartedAt: started, CommittedAt: started, Current: ref, Streams: []manifest.Stream{}, Files: []manifest.File{}}
		n := manifest.Next{Chain: c, Head: heads[c], Round: round}
		got, err := (&manifest.Committer{Store: st}).Commit(ctx, n, e)
		if err != nil {
			t.Fatal(err)
		}
		heads[c] = got
	}
	commit(zero, 1, day, nil)
	commit(one, 2, day.Add(24*time.Hour), nil)
	commit(one, 3, day.Add(48*time.Hour), nil)
	commit(zero, 4, day.Add(72*time.Hour), nil)
	commit(zero, 6, day.Add(96*time.Hour), snap)
	commit(one, 5, day.Add(95*time.Hour), nil) // started before the snapshot's round, committed after it
	commit(one, 7, day.Add(120*time.Hour), snap)
	want := Snapshot{Round: 6, Reread: 2, ID: id, Files: []string{"current/users/snapshot=" + id + "/0000.parquet"},
		Since: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)}
	for _, o := range []InspectOptions{{Snapshots: true}, {Snapshots: true, AsOf: &current.AsOf{Round: 6}}} {
		lake, err := Inspect(ctx, st, tables, o)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, lake.Snapshots["users"]); diff != "" {
			t.Errorf("Inspect %+v: the users snapshot (-want +got):\n%s", o, diff)
		}
		var b strings.Builder
		if err := DuckDB(&b, tables, lake); err != nil {
			t.Fatal(err)
		}
		if sql := b.String(); !strings.Contains(sql, `"_round" > 4 AND "date" >= '2026-11-05'`) {
			t.Errorf("the DuckDB SQL does not read the rounds after 4 from 2026-11-05:\n%s", sql)
		}
	}
	lake, err := Inspect(ctx, st, tables, InspectOptions{Snapshots: true, AsOf: &current.AsOf{Round: 4}})
	if err != nil {
		t.Fatal(err)
	}
	if lake.Snapshots != nil {
		t.Errorf("as of round 4, before the snapshot, the views start from snapshots %v", lake.Snapshots)
	}
}
