package current_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// opened records the objects a store opens or gets.
type opened struct {
	store.Store
	mu    sync.Mutex
	names []string
}

func (o *opened) Open(ctx context.Context, name string) (store.Reader, error) {
	o.mu.Lock()
	o.names = append(o.names, name)
	o.mu.Unlock()
	return o.Store.Open(ctx, name)
}

func (o *opened) Get(ctx context.Context, name string) ([]byte, error) {
	o.mu.Lock()
	o.names = append(o.names, name)
	o.mu.Unlock()
	return o.Store.Get(ctx, name)
}

// TestAViewAsOfARoundIsTheStateRightAfterIt syncs random churn, with
// snapshots now and then, records every table's state after each round,
// then pins each past round (by number and by time) and compares: the
// pinned view must equal the state recorded then, name the round's entry
// and its hash, and open no file of a later round.
func TestAViewAsOfARoundIsTheStateRightAfterIt(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 11))
	c := &churn{rng: rng, groups: map[string]bool{}, members: map[string]map[string]bool{}}
	l := newTestLake(t)
	tables := []string{"people", "groups", "members"}
	var states []map[string][]map[string]any // by round - 1
	var hashes []string
	for r := 1; r <= 10; r++ {
		l.round(r == 4 || r == 7, c.round()...)
		state := map[string][]map[string]any{}
		for _, tbl := range tables {
			if l.has(tbl) {
				state[tbl] = values(l.scan(tbl))
			}
		}
		states, hashes = append(states, state), append(hashes, l.latest.SHA256)
	}
	for r := int64(1); r <= 10; r++ {
		at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r) * time.Hour) // the rounds commit hourly
		for _, asOf := range []current.AsOf{{Round: r}, {Time: at}, {Time: at.Add(59 * time.Minute)}} {
			t.Run(fmt.Sprintf("as of %s", asOf), func(t *testing.T) {
				rec := &opened{Store: l.s}
				p, err := current.Find(ctx, rec, asOf)
				if err != nil {
					t.Fatal(err)
				}
				if p.Entry.Round != r || p.Entry.SHA256 != hashes[r-1] {
					t.Fatalf("pinned round %d (sha256 %s), want %d (%s)", p.Entry.Round, p.Entry.SHA256, r, hashes[r-1])
				}
				v, err := current.OpenAsOf(ctx, rec, p)
				if err != nil {
					t.Fatal(err)
				}
				wantSnap := int64(0)
				for _, s := range []int64{4, 7} {
					if r >= s {
						wantSnap = s
					}
				}
				if snapRound(v) != wantSnap {
					t.Errorf("the view starts from the snapshot of round %d, want %d", snapRound(v), wantSnap)
				}
				for _, tbl := range tables {
					want, ok := states[r-1][tbl]
					if !ok {
						continue
					}
					var got []map[string]any
					if err := v.Scan(ctx, tbl, func(row map[string]any) error { got = append(got, row); return nil }); err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, values(got)); diff != "" {
						t.Errorf("%s as of round %d differs from its state then (-then +as of):\n%s", tbl, r, diff)
					}
				}
				rec.mu.Lock()
				defer rec.mu.Unlock()
				for _, name := range rec.names {
					if n := roundOf(name); n > r && !strings.HasPrefix(name, "_manifest/") {
						t.Errorf("pinned at round %d, the view read %s", r, name)
					}
				}
			})
		}
	}
}

// roundOf reads the round from a file the test lake wrote (run ids are
// run<round> and compact<round>), 0 for other names.
func roundOf(name string) int64 {
	for _, prefix := range []string{"-run", "-compact"} {
		if i := strings.LastIndex(name, prefix); i >= 0 {
			var n int64
			fmt.Sscanf(name[i+len(prefix):], "%d", &n)
			return n
		}
	}
	return 0
}

func snapRound(v *current.View) int64 {
	if s := v.Snapshot(); s != nil {
		return s.Round
	}
	return 0
}

func TestFindRefusesAPointWithoutARound(t *testing.T) {
	l := newTestLake(t)
	l.round(false, up("people", `{"id":"a"}`))
	l.round(false, up("people", `{"id":"b"}`))
	for _, a := range []current.AsOf{{Round: 3}, {Time: time.Date(2026, 3, 1, 0, 59, 0, 0, time.UTC)}} {
		if _, err := current.Find(context.Background(), l.s, a); !errors.Is(err, current.ErrNothingAsOf) {
			t.Errorf("as of %s: %v, want ErrNothingAsOf", a, err)
		}
	}
}

func TestParseAsOf(t *testing.T) {
	tests := []struct {
		in   string
		want current.AsOf
		err  string
	}{
		{"12", current.AsOf{Round: 12}, ""},
		{"2026-03-03T17:00:00+01:00", current.AsOf{Time: time.Date(2026, 3, 3, 16, 0, 0, 0, time.UTC)}, ""},
		{"2026-03-03", current.AsOf{Time: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)}, ""},
		{"0", current.AsOf{}, "from 1"},
		{"yesterday", current.AsOf{}, "want a round number"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := current.ParseAsOf(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseAsOf(%q): %v, want an error saying %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || !got.Time.Equal(tt.want.Time) || got.Round != tt.want.Round {
				t.Errorf("ParseAsOf(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestAShardedViewAsOfARoundIsTheStateRightAfterIt records the state after
// each round of a lake, then moves its entries into two shard chains (odd
// and even rounds, as shards that take turns commit them) and pins each
// round of the sharded lake: the view holds every chain's rounds up to it.
func TestAShardedViewAsOfARoundIsTheStateRightAfterIt(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(9, 3))
	c := &churn{rng: rng, groups: map[string]bool{}, members: map[string]map[string]bool{}}
	l := newTestLake(t)
	tables := []string{"people", "groups", "members"}
	var states []map[string][]map[string]any
	var entries []manifest.Entry
	for r := 1; r <= 8; r++ {
		l.round(false, c.round()...)
		entries = append(entries, l.latest.Entry)
		state := map[string][]map[string]any{}
		for _, tbl := range tables {
			if l.has(tbl) {
				state[tbl] = values(l.scan(tbl))
			}
		}
		states = append(states, state)
	}
	prev := map[int]string{}
	for _, e := range entries {
		sh := manifest.Chain{Index: int(e.Round % 2), Count: 2}
		if err := manifest.Register(ctx, l.s, sh); err != nil {
			t.Fatal(err)
		}
		e.Chain, e.Seq, e.Previous = sh, (e.Round+1)/2, prev[sh.Index]
		h, err := manifest.Commit(ctx, l.s, &e)
		if err != nil {
			t.Fatal(err)
		}
		prev[sh.Index] = h
		if err := l.s.Delete(ctx, manifest.Name(e.Round)); err != nil {
			t.Fatal(err)
		}
	}
	for r := int64(1); r <= 8; r++ {
		at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r)*time.Hour + 30*time.Minute)
		for _, asOf := range []current.AsOf{{Round: r}, {Time: at}} {
			t.Run(fmt.Sprintf("as of %s", asOf), func(t *testing.T) {
				p, err := current.Find(ctx, l.s, asOf)
				if err != nil {
					t.Fatal(err)
				}
				if !p.Sharded || p.Entry.Round != r || p.Entry.Chain.Index != int(r%2) {
					t.Fatalf("pinned round %d of %s (sharded %v), want round %d of shard %d/2", p.Entry.Round, p.Entry.Chain, p.Sharded, r, r%2)
				}
				v, err := current.OpenAsOf(ctx, l.s, p)
				if err != nil {
					t.Fatal(err)
				}
				for _, tbl := range tables {
					want, ok := states[r-1][tbl]
					if !ok {
						continue
					}
					var got []map[string]any
					if err := v.Scan(ctx, tbl, func(row map[string]any) error { got = append(got, row); return nil }); err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, values(got)); diff != "" {
						t.Errorf("%s as of round %d differs from its state then (-then +as of):\n%s", tbl, r, diff)
					}
				}
			})
		}
	}
}
