package runner

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/wire"
)

// runIn runs one round with the given script in chain c.
func (l *testLake) runIn(c manifest.Chain, script map[string]streamRound) (*Result, error) {
	l.src.script = script
	opts := l.options(nil)
	opts.Chain = c
	return Run(context.Background(), opts)
}

// TestAStreamThatMovedChainsIsRecordedInItsNewChain re-shards a lake from
// one shard to two. The fake source is tenant-wide, so it runs in shard 0
// of either count, and its stream's newest state is then another chain's.
// Chain 0/2's first round starts the stream from that state and records it
// although it found nothing new, so that the move shows in the history and
// the chain's checkpoint holds the stream; its next round counts the
// stream unchanged. A round in the root chain is refused on the sharded
// lake.
func TestAStreamThatMovedChainsIsRecordedInItsNewChain(t *testing.T) {
	l := newTestLake(t)
	one, two := manifest.Chain{Index: 0, Count: 1}, manifest.Chain{Index: 0, Count: 2}
	first, err := l.runIn(one, map[string]streamRound{"a": {ids: []string{"a1"}, mode: wire.ModeInitial, link: "https://graph.test/a?1"}})
	if err != nil {
		t.Fatal(err)
	}
	if e := first.Entry; e.Round != 1 || e.Chain != one || e.Seq != 1 {
		t.Fatalf("first round: round %d of %s, seq %d; want round 1 of %s, seq 1", e.Round, e.Chain, e.Seq, one)
	}

	idle := map[string]streamRound{"a": {}}
	moved, err := l.runIn(two, idle)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.src.got["a"].DeltaLink; got != "https://graph.test/a?1" {
		t.Errorf("the moved stream started from link %q, want the one chain %s committed", got, one)
	}
	e := moved.Entry
	if e.Round != 2 || e.Chain != two || e.Seq != 1 || e.Unchanged != 0 {
		t.Errorf("moved round: round %d of %s, seq %d, %d unchanged; want round 2 of %s, seq 1, none unchanged", e.Round, e.Chain, e.Seq, e.Unchanged, two)
	}
	if s := streamOf(t, e, "a"); s.Status != wire.StatusOK || s.DeltaLink == "" {
		t.Errorf("the moved stream is recorded as %q with link %t, want ok with its link", s.Status, s.DeltaLink != "")
	}
	if e.State == nil || e.State.Round != 2 {
		t.Fatalf("the chain's first round names checkpoint %+v, want its own", e.State)
	}
	own, err := manifest.ReadCheckpoint(context.Background(), l.store, e.State)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := own[manifest.Key{Source: "dir", Stream: "a"}]; !ok || len(own) != 1 {
		t.Errorf("chain %s's checkpoint holds %v, want the moved stream", two, own.Keys())
	}

	again, err := l.runIn(two, idle)
	if err != nil {
		t.Fatal(err)
	}
	if e := again.Entry; e.Round != 3 || e.Seq != 2 || e.Unchanged != 1 || len(e.Streams) != 0 {
		t.Errorf("idle round: round %d, seq %d, %d unchanged, %d streams; want round 3, seq 2, 1 unchanged, none recorded", e.Round, e.Seq, e.Unchanged, len(e.Streams))
	}

	if _, err := l.runIn(manifest.Chain{}, idle); !errors.Is(err, ErrConfig) {
		t.Errorf("a round in the root chain of a sharded lake: %v, want ErrConfig", err)
	}
}

// streamsOwnedBy returns the first n stream ids "s0", "s1", … that shard
// owns, and the first n it does not.
func streamsOwnedBy(shard wire.Shard, n int) (owned, others []string) {
	for i := 0; len(owned) < n || len(others) < n; i++ {
		id := fmt.Sprintf("s%d", i)
		switch {
		case shard.OwnsStream(id) && len(owned) < n:
			owned = append(owned, id)
		case !shard.OwnsStream(id) && len(others) < n:
			others = append(others, id)
		}
	}
	return owned, others
}

// TestAShardRefusesCheckpointsOfStreamsItDoesNotOwn: a plugin is
// untrusted, and a shard that recorded another shard's stream would break
// the invariant that one shard syncs a stream at a time (its checkpoint
// could even end the stream for every shard). A sharded source's
// checkpoint of a stream the shard does not own fails the source as a
// protocol error; nothing of the source is committed, and the chain's
// state keeps its own stream's link.
func TestAShardRefusesCheckpointsOfStreamsItDoesNotOwn(t *testing.T) {
	l := newTestLake(t)
	l.src.sharded = true
	chain := manifest.Chain{Index: 1, Count: 2}
	owned, others := streamsOwnedBy(chain.Wire(), 1)
	mine, theirs := owned[0], others[0]
	if _, err := l.runIn(chain, map[string]streamRound{mine: {ids: []string{"m1"}, mode: wire.ModeInitial, link: "https://graph.test/m?1"}}); err != nil {
		t.Fatal(err)
	}
	_, err := l.runIn(chain, map[string]streamRound{
		mine:   {ids: []string{"m2"}, link: "https://graph.test/m?2"},
		theirs: {ids: []string{"t1"}, mode: wire.ModeInitial, status: wire.StatusEnded},
	})
	if err == nil || !strings.Contains(err.Error(), `checkpoint of stream "`+theirs+`", which shard 1/2 does not own`) {
		t.Fatalf("a round whose plugin reported another shard's stream: %v; want the source failed naming the stream", err)
	}
	lake, err := manifest.LoadLake(context.Background(), l.store)
	if err != nil {
		t.Fatal(err)
	}
	latest := lake.Head(chain)
	if latest == nil || latest.Round != 1 {
		t.Fatalf("the chain's newest entry is %+v, want round 1: nothing of the failed source is committed", latest)
	}
	state, err := manifest.LoadState(context.Background(), l.store, latest)
	if err != nil {
		t.Fatal(err)
	}
	if keys := state.Keys(); len(keys) != 1 || keys[0].Stream != mine {
		t.Errorf("the chain's state holds %v, want only its own stream %s", keys, mine)
	}
}

// TestARootCheckpointTellsShardZeroTheShardedSources: a round's state
// checkpoint names the sources whose tables declare a shard key, so that
// in a lake's first sharded round, before any other shard has committed,
// shard 0 holds of the root chain's state only the streams of those
// sources that it owns (a tenant-wide source's it holds whole).
func TestARootCheckpointTellsShardZeroTheShardedSources(t *testing.T) {
	l := newTestLake(t)
	l.src.sharded = true
	zero := manifest.Chain{Index: 0, Count: 2}
	owned, others := streamsOwnedBy(zero.Wire(), 10)
	script := map[string]streamRound{}
	for i, id := range append(owned, others...) {
		script[id] = streamRound{ids: []string{fmt.Sprintf("i%d", i)}, mode: wire.ModeInitial, link: "https://graph.test/" + id}
	}
	// A tenant-wide source beside it, whose streams shard 0 syncs all.
	wide := &fakeSource{table: "wide", script: map[string]streamRound{}}
	for _, id := range others {
		wide.script[id] = streamRound{mode: wire.ModeInitial, link: "https://graph.test/wide/" + id}
	}
	l.others = map[string]wire.Source{"wide": sdk.InProcess(wide)}
	if _, err := l.runIn(manifest.Chain{}, script); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	lake, err := manifest.LoadLakeForState(ctx, l.store)
	if err != nil {
		t.Fatal(err)
	}
	held, err := lake.ShardStreams(ctx, l.store, zero)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(owned) + len(wide.script); held.Len() != want {
		t.Errorf("shard %s holds %d of the root chain's %d streams, want the %d it owns and the tenant-wide source's %d",
			zero, held.Len(), len(script)+len(wide.script), len(owned), len(wide.script))
	}
	for _, k := range []manifest.Key{{Source: "dir", Stream: owned[0]}, {Source: "wide", Stream: others[0]}} {
		if _, ok := held.Get(k); !ok {
			t.Errorf("shard %s does not hold stream %v, which it syncs", zero, k)
		}
	}
}
