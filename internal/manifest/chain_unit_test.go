package manifest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/wire"
)

func TestChainNamesItsObjects(t *testing.T) {
	tests := []struct {
		chain                           Chain
		id, name, dir, head, entry7, st string
		shard                           bool
		wire                            wire.Shard
	}{
		{Chain{}, "", "the root chain", "_manifest/", "_manifest/HEAD", "_manifest/00000000000000000007.json", "_manifest/state/", false, wire.Shard{}},
		{Chain{Index: 0, Count: 1}, "0-of-1", "shard 0/1", "_manifest/shards/0-of-1/", "_manifest/shards/0-of-1/HEAD",
			"_manifest/shards/0-of-1/00000000000000000007.json", "_manifest/shards/0-of-1/state/", true, wire.Shard{Index: 0, Count: 1}},
		{Chain{Index: 2, Count: 4}, "2-of-4", "shard 2/4", "_manifest/shards/2-of-4/", "_manifest/shards/2-of-4/HEAD",
			"_manifest/shards/2-of-4/00000000000000000007.json", "_manifest/shards/2-of-4/state/", true, wire.Shard{Index: 2, Count: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.chain
			got := []string{c.ID(), c.String(), c.Dir(), c.HeadName(), c.EntryName(7), c.StateDir()}
			want := []string{tt.id, tt.name, tt.dir, tt.head, tt.entry7, tt.st}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("name %d = %q, want %q", i, got[i], want[i])
				}
			}
			if c.IsShard() != tt.shard || c.Wire() != tt.wire {
				t.Errorf("IsShard %v, Wire %+v; want %v, %+v", c.IsShard(), c.Wire(), tt.shard, tt.wire)
			}
			if tt.shard {
				if back, err := ParseShard(c.ID()); err != nil || back != c {
					t.Errorf("ParseShard(%q) = %v, %v; want the chain back", c.ID(), back, err)
				}
			}
		})
	}
	if HeadName != (Chain{}).HeadName() || Name(7) != (Chain{}).EntryName(7) || StateDir != (Chain{}).StateDir() {
		t.Error("the root chain's names differ from the manifest's own constants")
	}
}

// TestEveryChainCommitsAndListsAlike commits into one chain through the
// lake, as every writer does, while another chain commits between its
// entries, and checks what the chain answers: entry names, the listing,
// HEAD, the newest entry and the next round.
func TestEveryChainCommitsAndListsAlike(t *testing.T) {
	tests := []struct {
		name  string
		chain Chain
		other Chain // commits between the chain's entries; the zero Chain: none
		// rounds and numbers are the chain's entries' rounds and names.
		rounds, numbers []int64
		recorded        string // the entry's "shard" field, "" when absent
	}{
		{name: "the root chain", chain: Chain{}, rounds: []int64{1, 2, 3}, numbers: []int64{1, 2, 3}},
		{name: "a shard chain alone", chain: Chain{Index: 1, Count: 2}, rounds: []int64{1, 2, 3}, numbers: []int64{1, 2, 3},
			recorded: `{"index":1,"count":2}`},
		{name: "a shard chain beside another", chain: Chain{Index: 0, Count: 2}, other: Chain{Index: 1, Count: 2},
			rounds: []int64{1, 3, 5}, numbers: []int64{1, 2, 3}, recorded: `{"index":0,"count":2}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := newStore(t)
			committer := &Committer{Store: s}
			commitIn := func(c Chain) *Committed {
				t.Helper()
				lake, err := LoadLake(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				got, err := committer.Commit(ctx, lake.Next(c), newEntry("run"))
				if err != nil {
					t.Fatal(err)
				}
				return got
			}
			var mine []*Committed
			for range tt.rounds {
				mine = append(mine, commitIn(tt.chain))
				if tt.other.IsShard() {
					commitIn(tt.other)
				}
			}
			for i, c := range mine {
				if c.Round != tt.rounds[i] || c.Number() != tt.numbers[i] || c.Chain != tt.chain {
					t.Errorf("entry %d: round %d, number %d, chain %s; want %d, %d, %s", i, c.Round, c.Number(), c.Chain, tt.rounds[i], tt.numbers[i], tt.chain)
				}
				if i > 0 && c.Previous != mine[i-1].SHA256 {
					t.Errorf("entry %d does not chain to the one before it", i)
				}
				raw, err := s.Get(ctx, tt.chain.EntryName(c.Number()))
				if err != nil {
					t.Fatalf("entry %d is not at %s: %v", i, tt.chain.EntryName(c.Number()), err)
				}
				var fields map[string]json.RawMessage
				if err := json.Unmarshal(raw, &fields); err != nil {
					t.Fatal(err)
				}
				if got := strings.Join(strings.Fields(string(fields["shard"])), ""); got != tt.recorded {
					t.Errorf("entry %d records shard %q, want %q", i, got, tt.recorded)
				}
			}
			listed, err := RoundsIn(ctx, s, tt.chain)
			if err != nil || fmt.Sprint(listed) != fmt.Sprint(tt.numbers) {
				t.Errorf("RoundsIn = %v, %v; want %v", listed, err, tt.numbers)
			}
			newest := mine[len(mine)-1]
			var head Head
			if raw, err := s.Get(ctx, tt.chain.HeadName()); err != nil || json.Unmarshal(raw, &head) != nil || head.Round != newest.Number() || head.SHA256 != newest.SHA256 {
				t.Errorf("HEAD = %+v (%v), want number %d", head, err, newest.Number())
			}
			if got, err := LatestIn(ctx, s, tt.chain); err != nil || got == nil || got.SHA256 != newest.SHA256 {
				t.Errorf("LatestIn = %v, %v; want the newest entry", got, err)
			}
			lake, err := LoadLake(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			next := lake.Next(tt.chain)
			if want := lake.MaxRound() + 1; next.Round != want || next.Head.SHA256 != newest.SHA256 {
				t.Errorf("Next = round %d after %.8s, want round %d after the newest entry", next.Round, next.Head.SHA256, want)
			}
			wantSeq := int64(0)
			if tt.chain.IsShard() {
				wantSeq = newest.Seq + 1
			}
			if next.Seq() != wantSeq {
				t.Errorf("Next.Seq = %d, want %d", next.Seq(), wantSeq)
			}
		})
	}
}

func TestAnEntryRecordsItsChainOrRefusesANonsenseOne(t *testing.T) {
	for _, c := range []Chain{{}, {Index: 0, Count: 1}, {Index: 3, Count: 4}} {
		e := newEntry("run")
		e.Chain = c
		b, err := Encode(e)
		if err != nil {
			t.Fatal(err)
		}
		var back Entry
		if err := json.Unmarshal(b, &back); err != nil || back.Chain != c {
			t.Errorf("%s: decoded as %s, %v", c, back.Chain, err)
		}
		if again, _ := Encode(&back); string(again) != string(b) {
			t.Errorf("%s: the entry does not encode to the same bytes again", c)
		}
	}
	for _, field := range []string{`{"index":0,"count":0}`, `{"index":2,"count":2}`, `{"index":-1,"count":2}`} {
		var e Entry
		if err := json.Unmarshal([]byte(`{"round":1,"shard":`+field+`}`), &e); err == nil {
			t.Errorf("shard %s read as %s", field, e.Chain)
		}
	}
}

// TestStreamsKeepsTheNewestAndTheChainsOwnState gathers the state a chain
// starts from in one map: each stream's newest state across chains, and
// the chain's own, which its checkpoint carries.
func TestStreamsKeepsTheNewestAndTheChainsOwnState(t *testing.T) {
	key := func(s string) Key { return Key{"mail", s} }
	ok := func(s string, round int64, link string) StreamState {
		return StreamState{Source: "mail", Stream: s, Round: round, DeltaLink: SealedLinkOf(link)}
	}
	ended := func(s string, round int64) StreamState {
		return StreamState{Source: "mail", Stream: s, Round: round, Ended: true}
	}
	mine := State{
		key("here"):       ok("here", 5, "mine"),      // only here
		key("moved-away"): ok("moved-away", 2, "old"), // another chain has it since round 4
		key("ended-here"): ended("ended-here", 6),     // ended here; another chain's state is older
		key("tie"):        ok("tie", 7, "mine"),       // another chain has the same round
	}
	other := State{
		key("moved-away"): ok("moved-away", 4, "new"),
		key("ended-here"): ok("ended-here", 3, "stale"),
		key("elsewhere"):  ok("elsewhere", 1, "theirs"),
		key("tie"):        ok("tie", 7, "theirs"),
	}
	st := gather([]State{other, mine}, 1)
	tests := []struct {
		stream   string
		newest   string // DeltaLink of Get's answer; "-": none
		isMine   bool
		own      string // DeltaLink of the own state; "-": none
		ownEnded bool
	}{
		{"here", "mine", true, "mine", false},
		{"moved-away", "new", false, "old", false},
		{"ended-here", "-", false, "", true},
		{"elsewhere", "theirs", false, "-", false},
		{"tie", "theirs", true, "mine", false},
	}
	own := st.Own()
	for _, tt := range tests {
		got, found := st.Get(key(tt.stream))
		if (tt.newest == "-") == found || (found && got.DeltaLink.Text() != tt.newest) {
			t.Errorf("%s: Get = %+v, %v; want link %q", tt.stream, got, found, tt.newest)
		}
		if st.Mine(key(tt.stream)) != tt.isMine && tt.newest != "-" {
			t.Errorf("%s: Mine = %v, want %v", tt.stream, !tt.isMine, tt.isMine)
		}
		o, held := own[key(tt.stream)]
		if (tt.own == "-") == held || (held && (o.DeltaLink.Text() != tt.own || o.Ended != tt.ownEnded)) {
			t.Errorf("%s: own state %+v, %v; want link %q, ended %v", tt.stream, o, held, tt.own, tt.ownEnded)
		}
	}
	if got := fmt.Sprint(st.Keys()); got != "[{mail elsewhere} {mail here} {mail moved-away} {mail tie}]" {
		t.Errorf("Keys = %s", got)
	}
	if merged := Merge(other, mine); len(merged) != 4 || merged[key("tie")].DeltaLink != "theirs" {
		t.Errorf("Merge = %v, want what Streams finds newest", merged)
	}
	single := gather([]State{mine}, 0)
	if got := single.Own(); len(got) != len(mine) || !single.Mine(key("here")) {
		t.Errorf("a lake of one chain: own state %v, want the chain's whole state", got)
	}
}

// TestAShardChainsStateReplaysItsSparseRounds loads a shard chain's state
// from a checkpoint and the entries after it, whose rounds are sparse.
func TestAShardChainsStateReplaysItsSparseRounds(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := Chain{Index: 1, Count: 3}
	var prev *Committed
	commit := func(seq, round int64, stream string, ref *StateRef) *Committed {
		t.Helper()
		e := newEntry("run")
		e.Streams = []Stream{{Source: "mail", Stream: stream, Status: wire.StatusOK, DeltaLink: SealedLinkOf(fmt.Sprint(round))}}
		if ref == nil && prev != nil {
			ref = prev.State // carried forward, as every entry does
		}
		e.State = ref
		got, err := (&Committer{Store: s}).Commit(ctx, Next{Chain: c, Head: prev, Round: round}, e)
		if err != nil || got.Seq != seq {
			t.Fatalf("commit seq %d: %v, %v", seq, got, err)
		}
		prev = got
		return got
	}
	commit(1, 2, "a", nil)
	ref, err := WriteCheckpoint(ctx, s, c, "p", 5, "run", State{Key{"mail", "a"}: {Source: "mail", Stream: "a", Round: 2, DeltaLink: "2"},
		Key{"mail", "b"}: {Source: "mail", Stream: "b", Round: 5, DeltaLink: "5"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ref.Path, c.StateDir()) {
		t.Errorf("checkpoint %s is outside the chain's state folder %s", ref.Path, c.StateDir())
	}
	commit(2, 5, "b", ref)
	commit(3, 9, "a", nil)
	latest := commit(4, 14, "c", nil)
	st, err := LoadState(ctx, s, latest)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "9", "b": "5", "c": "14"}
	if len(st) != len(want) {
		t.Errorf("state holds %d streams, want %d", len(st), len(want))
	}
	for stream, link := range want {
		if got := st[Key{"mail", stream}]; got.DeltaLink.Text() != link {
			t.Errorf("stream %s: link %q, want %q", stream, got.DeltaLink, link)
		}
	}
}
