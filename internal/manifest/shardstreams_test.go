package manifest

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// shardLake writes a sharded lake's chains for ShardStreams' tests: each
// chain's entries chained by hash, its state kept to write checkpoints.
type shardLake struct {
	t      *testing.T
	s      store.Store
	prev   map[Chain]string
	seq    map[Chain]int64
	states map[Chain]State
}

// commit commits round of chain c recording streams, with the chain's
// state checkpoint of that round when checkpoint is set.
func (l *shardLake) commit(c Chain, round int64, streams []Stream, checkpoint bool) {
	l.t.Helper()
	ctx := context.Background()
	e := entry(round, l.prev[c])
	e.Streams = streams
	if c.IsShard() {
		if err := Register(ctx, l.s, c); err != nil {
			l.t.Fatal(err)
		}
		l.seq[c]++
		e.Chain, e.Seq = c, l.seq[c]
	}
	st := maps.Clone(l.states[c])
	if st == nil {
		st = State{}
	}
	st.Apply(e)
	l.states[c] = st
	if checkpoint {
		ref, err := WriteCheckpoint(ctx, l.s, c, "p", round, "a1", st)
		if err != nil {
			l.t.Fatal(err)
		}
		e.State = ref
	}
	h, err := Commit(ctx, l.s, e)
	if err != nil {
		l.t.Fatal(err)
	}
	if err := WriteHead(ctx, l.s, &Committed{Entry: *e, SHA256: h}); err != nil {
		l.t.Fatal(err)
	}
	l.prev[c] = h
}

// stateText is a stream's state as text, to compare two readings of it.
func stateText(v StreamState, ok bool) string {
	return fmt.Sprintf("%v %s/%s round %d link %q ended %v resync %q", ok, v.Source, v.Stream, v.Round, v.DeltaLink.Text(), v.Ended, v.Resync)
}

// TestAShardHoldsOnlyTheStatesItCanUse writes a lake that went from one
// chain to two shards, then partly to three: the root chain (every
// stream, with a checkpoint), both shards of two (shard 1 with a
// checkpoint, shard 0 by replay, each ending a stream), and shard 2 of
// three. Read as each shard of two and of three, ShardStreams must answer
// as Streams does for every stream the shard can sync (those it owns,
// and in shard 0 the tenant-wide sources' as well), and for the chain's
// own state, while holding nothing else of the other chains.
func TestAShardHoldsOnlyTheStatesItCanUse(t *testing.T) {
	ctx := context.Background()
	l := &shardLake{t: t, s: newStore(t), prev: map[Chain]string{}, seq: map[Chain]int64{}, states: map[Chain]State{}}
	var mailboxes []string
	for i := range 40 {
		mailboxes = append(mailboxes, fmt.Sprintf("m%02d/folders", i))
	}
	tenantWide := []Stream{{Source: "users", Stream: "users", Status: wire.StatusOK, DeltaLink: "dXNlcnM="},
		{Source: "groups", Stream: "groups", Status: wire.StatusOK, DeltaLink: "Z3JvdXBz"}}
	owned := func(c Chain, link string, ended int) []Stream {
		var out []Stream
		for _, m := range mailboxes {
			if c.Wire().OwnsStream(m) {
				s := Stream{Source: "mail", Stream: m, Status: wire.StatusOK, DeltaLink: SealedLinkOf(link)}
				if len(out) == ended {
					s.Status, s.DeltaLink = wire.StatusEnded, ""
				}
				out = append(out, s)
			}
		}
		return out
	}
	root, zero2, one2, two3 := Chain{}, Chain{Index: 0, Count: 2}, Chain{Index: 1, Count: 2}, Chain{Index: 2, Count: 3}
	l.commit(root, 1, append(owned(Chain{}, "cm9vdA==", -1), tenantWide...), true)
	l.commit(one2, 2, owned(one2, "MW9mMg==", -1), true)
	l.commit(zero2, 3, append(owned(zero2, "MG9mMg==", 0), tenantWide...), false)
	l.commit(one2, 4, owned(one2, "MW9mMg==", 1)[1:2], false)
	l.commit(two3, 5, owned(two3, "Mm9mMw==", -1), true)

	lake, err := LoadLakeForState(ctx, l.s)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []Chain{zero2, one2, {Index: 0, Count: 3}, {Index: 1, Count: 3}, two3} {
		t.Run(c.String(), func(t *testing.T) {
			all, err := lake.Streams(ctx, l.s, c)
			if err != nil {
				t.Fatal(err)
			}
			held, err := lake.ShardStreams(ctx, l.s, c)
			if err != nil {
				t.Fatal(err)
			}
			usable := func(k Key) bool {
				return c.Wire().OwnsStream(k.Stream) || c.Index == 0 && k.Source != "mail"
			}
			for k := range all.newest {
				if !usable(k) {
					continue
				}
				if got, want := stateText(held.Get(k)), stateText(all.Get(k)); got != want {
					t.Errorf("%v: held %s, every chain's reading %s", k, got, want)
				}
				if held.Mine(k) != all.Mine(k) {
					t.Errorf("%v: Mine %v, every chain's reading %v", k, held.Mine(k), all.Mine(k))
				}
			}
			ownHeld, ownAll := held.Own(), all.Own()
			if len(ownHeld) != len(ownAll) {
				t.Errorf("the chain's own state: %d streams held, %d in every chain's reading", len(ownHeld), len(ownAll))
			}
			for k, v := range ownAll {
				if got, want := stateText(ownHeld[k], true), stateText(v, true); got != want {
					t.Errorf("own state of %v: held %s, every chain's reading %s", k, got, want)
				}
			}
			for k := range held.newest {
				if _, own := ownAll[k]; !usable(k) && !own {
					t.Errorf("%v is held: shard %s neither syncs it nor holds it in its own chain", k, c)
				}
			}
			if held.Len() >= all.Len() {
				t.Errorf("%d streams held of %d: the shard holds everything", held.Len(), all.Len())
			}
		})
	}
}
