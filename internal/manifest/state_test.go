package manifest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// countingStore counts the requests a lookup makes.
type countingStore struct {
	store.Store
	stats, gets, lists int
}

func (c *countingStore) Stat(ctx context.Context, name string) (store.Info, error) {
	c.stats++
	return c.Store.Stat(ctx, name)
}

func (c *countingStore) Get(ctx context.Context, name string) ([]byte, error) {
	c.gets++
	return c.Store.Get(ctx, name)
}

func (c *countingStore) List(ctx context.Context, prefix string) ([]store.Info, error) {
	c.lists++
	return c.Store.List(ctx, prefix)
}

// commitRounds commits rounds 1..n with empty entries and returns them.
func commitRounds(t *testing.T, s store.Store, n int64) []*Committed {
	t.Helper()
	var out []*Committed
	prev := ""
	for r := int64(1); r <= n; r++ {
		e := &Entry{Format: FormatVersion, Pipeline: "p", Round: r, Kind: KindSync, Previous: prev}
		h, err := Commit(context.Background(), s, e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &Committed{Entry: *e, SHA256: h})
		prev = h
	}
	return out
}

func TestLatestRoundReadsAFewObjectsWhateverTheHistory(t *testing.T) {
	ctx := context.Background()
	const rounds = 300
	base := newStore(t)
	committed := commitRounds(t, base, rounds)
	tests := []struct {
		name     string
		head     *Committed // nil: no HEAD
		maxStats int
	}{
		{"HEAD at the latest round", committed[rounds-1], 2},
		{"HEAD two rounds behind (a run died before updating it)", committed[rounds-3], 4},
		{"no HEAD: exponential then binary search", nil, 2 * 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_ = base.Delete(ctx, HeadName)
			if tt.head != nil {
				if err := WriteHead(ctx, base, tt.head); err != nil {
					t.Fatal(err)
				}
			}
			cs := &countingStore{Store: base}
			got, err := LatestRound(ctx, cs)
			if err != nil || got != rounds {
				t.Fatalf("LatestRound = %d, %v; want %d", got, err, rounds)
			}
			if cs.lists != 0 || cs.stats > tt.maxStats {
				t.Errorf("made %d lists and %d stats, want no list and at most %d stats", cs.lists, cs.stats, tt.maxStats)
			}
		})
	}
	t.Run("a HEAD naming a round that does not exist is ignored", func(t *testing.T) {
		w, _ := base.Create(ctx, HeadName)
		_, _ = w.Write([]byte(`{"round": 9999, "sha256": "x"}`))
		_ = w.Commit(ctx)
		if got, err := LatestRound(ctx, base); err != nil || got != rounds {
			t.Fatalf("LatestRound = %d, %v; want %d", got, err, rounds)
		}
	})
	t.Run("an empty lake has no round", func(t *testing.T) {
		if got, err := LatestRound(ctx, newStore(t)); err != nil || got != 0 {
			t.Fatalf("LatestRound = %d, %v; want 0", got, err)
		}
	})
}

func TestStateIsACheckpointPlusTheEntriesAfterIt(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	link := func(stream string, round int64) Stream {
		return Stream{Source: "mail", Stream: stream, Status: wire.StatusOK, Fingerprint: "f", DeltaLink: SealedLinkOf(fmt.Sprintf("sealed-%s-%d", stream, round)),
			EndLinkSHA256: fmt.Sprintf("h-%s-%d", stream, round)}
	}
	// Round 1 writes a checkpoint; rounds 2 and 3 only change a few streams.
	r1 := &Entry{Format: FormatVersion, Pipeline: "p", Round: 1, Kind: KindSync, CommittedAt: at,
		Streams: []Stream{link("a", 1), link("b", 1), link("c", 1), link("d", 1)}}
	st := State{}
	st.Apply(r1)
	ref, err := WriteCheckpoint(ctx, s, Chain{}, "p", 1, "run1", st)
	if err != nil {
		t.Fatal(err)
	}
	r1.State = ref
	h1, _ := Commit(ctx, s, r1)
	r2 := &Entry{Format: FormatVersion, Pipeline: "p", Round: 2, Kind: KindSync, Previous: h1, State: ref, CommittedAt: at.Add(time.Hour),
		Streams: []Stream{link("a", 2), {Source: "mail", Stream: "b", Status: wire.StatusFailed, Error: "403"}, {Source: "mail", Stream: "c", Status: wire.StatusEnded}}}
	h2, _ := Commit(ctx, s, r2)
	r3 := &Entry{Format: FormatVersion, Pipeline: "p", Round: 3, Kind: KindSync, Previous: h2, State: ref, CommittedAt: at.Add(2 * time.Hour),
		Streams: []Stream{{Source: "mail", Stream: "d", Status: wire.StatusResyncRequired, Fingerprint: "f"}, link("e", 3),
			{Source: "mail", Stream: "f", Status: wire.StatusFailed, Upserts: 3}, {Source: "mail", Stream: "g", Status: wire.StatusFailed}}}
	if _, err := Commit(ctx, s, r3); err != nil {
		t.Fatal(err)
	}
	latest, err := Latest(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadState(ctx, s, latest)
	if err != nil {
		t.Fatal(err)
	}
	want := State{
		{"mail", "a"}: {Source: "mail", Stream: "a", Fingerprint: "f", EndLinkSHA256: "h-a-2", DeltaLink: "sealed-a-2", Round: 2, LinkedAt: at.Add(time.Hour)},
		{"mail", "b"}: {Source: "mail", Stream: "b", Fingerprint: "f", EndLinkSHA256: "h-b-1", DeltaLink: "sealed-b-1", Round: 1, LinkedAt: at},
		// Graph discarded d's sync state: its next round reads everything
		// and deletes what it no longer returns.
		{"mail", "d"}: {Source: "mail", Stream: "d", Fingerprint: "f", Round: 3, Resync: "Graph required a resync in round 3"},
		{"mail", "e"}: {Source: "mail", Stream: "e", Fingerprint: "f", EndLinkSHA256: "h-e-3", DeltaLink: "sealed-e-3", Round: 3, LinkedAt: at.Add(2 * time.Hour)},
		// f's first round failed after writing rows; g's wrote none.
		{"mail", "f"}: {Source: "mail", Stream: "f", Round: 3, Resync: "first round failed in round 3 after writing rows"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("state after round 3 (-want +got):\n%s", diff)
	}

	t.Run("an altered checkpoint is refused", func(t *testing.T) {
		data, err := s.Get(ctx, ref.Path)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := s.Create(ctx, ref.Path)
		_, _ = w.Write(append(data[:len(data)-1:len(data)-1], data[len(data)-1]^1))
		_ = w.Commit(ctx)
		if _, err := LoadState(ctx, s, latest); err == nil || !strings.Contains(err.Error(), "altered") && !strings.Contains(err.Error(), "gzip") {
			t.Errorf("LoadState over an altered checkpoint = %v, want an error", err)
		}
	})
}
