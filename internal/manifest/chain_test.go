package manifest

import (
	"context"
	"errors"
	"testing"

	"github.com/graphlake/graphlake/sdk/wire"
)

func TestShardChainsNumberGloballyAndMergeByNewestRound(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a, b := Chain{Index: 0, Count: 2}, Chain{Index: 1, Count: 2}
	commit := func(sh Chain, seq, round int64, prev string, status wire.Status) string {
		t.Helper()
		e := entry(round, prev)
		e.Chain, e.Seq = sh, seq
		e.Streams = []Stream{{Source: "mail", Stream: "u1/folders", Status: status, DeltaLink: SealedLinkOf(sh.ID())}}
		if err := Register(ctx, s, sh); err != nil {
			t.Fatal(err)
		}
		h, err := Commit(ctx, s, e)
		if err != nil {
			t.Fatal(err)
		}
		c := &Committed{Entry: *e, SHA256: h}
		if err := WriteHead(ctx, s, c); err != nil {
			t.Fatal(err)
		}
		return h
	}
	commit(a, 1, 1, "", wire.StatusOK)       // u1 synced in chain a, round 1
	hb := commit(b, 1, 3, "", wire.StatusOK) // moved: chain b, round 3
	if _, err := Commit(ctx, s, &Entry{Format: FormatVersion, Pipeline: "p", Round: 4, Chain: a, Seq: 1, Previous: ""}); !errors.Is(err, ErrRoundTaken) {
		t.Fatalf("a second entry 1 of a chain: %v, want ErrRoundTaken", err)
	}
	lake, err := LoadLake(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if !lake.Sharded() || lake.MaxRound() != 3 || len(lake.Heads) != 2 {
		t.Fatalf("lake: sharded %v, max round %d, %d heads", lake.Sharded(), lake.MaxRound(), len(lake.Heads))
	}
	states, err := lake.States(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	k := Key{"mail", "u1/folders"}
	if got := Merge(states...)[k]; got.DeltaLink.Text() != b.ID() || got.Round != 3 {
		t.Errorf("merged state %+v: want chain b's round 3, never chain a's stale one", got)
	}
	commit(b, 2, 5, hb, wire.StatusEnded) // the stream ends in chain b
	lake, _ = LoadLake(ctx, s)
	states, _ = lake.States(ctx, s)
	if got, ok := Merge(states...)[k]; ok {
		t.Errorf("an ended stream survives the merge as %+v: chain a's stale state came back", got)
	}
	after, err := lake.After(ctx, s, 1)
	if err != nil || len(after) != 2 || after[0].Round != 3 || after[1].Round != 5 {
		t.Fatalf("After(1) = %d entries, %v", len(after), err)
	}
}

func TestParseShardRefusesNonsense(t *testing.T) {
	for _, id := range []string{"", "1", "2-of-2", "-1-of-2", "0-of-0", "a-of-b"} {
		if _, err := ParseShard(id); err == nil {
			t.Errorf("ParseShard(%q) accepted it", id)
		}
	}
	if sh, err := ParseShard("3-of-4"); err != nil || sh.Index != 3 || sh.Count != 4 {
		t.Errorf("ParseShard(3-of-4) = %v, %v", sh, err)
	}
}
