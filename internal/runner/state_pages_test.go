package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/sealed"
	"github.com/graphlake/graphlake/sdk/wire"
)

// A source's prior states are served in pages of at most
// wire.StatesPageSize, each once, in stream id order, with their
// deltaLinks opened, and only those of the streams the round owns (a
// shard's); a deltaLink that does not open fails the page and stays the
// round's error.
func TestStatePagesServeTheSourcesOwnStates(t *testing.T) {
	const n = wire.StatesPageSize + 7
	pr := priorOfStreams(t, n, func(id string) string { return "https://graph.test/" + id + "?token=1" })
	ctx := context.Background()
	even := func(s string) bool { return (s[len(s)-1]-'0')%2 == 0 }
	tests := []struct {
		name   string
		source string
		owns   func(string) bool
		want   int
	}{
		{"every stream of the source", "dir", func(string) bool { return true }, n},
		{"a shard's streams only", "dir", even, (n + 1) / 2},
		{"none of another source's", "other", func(string) bool { return true }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := pr.statesFor(tt.source, tt.owns)
			first, total, err := pages.Page(ctx, 0, 1<<30)
			if err != nil || total != tt.want || len(first) != min(tt.want, wire.StatesPageSize) {
				t.Fatalf("first page: %d states of %d, %v; want %d of %d", len(first), total, err, min(tt.want, wire.StatesPageSize), tt.want)
			}
			var got []wire.StreamState
			if err := wire.EachState(ctx, wire.SyncRequest{States: pages}, func(s wire.StreamState) { got = append(got, s) }); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for i, s := range got {
				if !tt.owns(s.Stream) || s.DeltaLink != "https://graph.test/"+s.Stream+"?token=1" || seen[s.Stream] {
					t.Fatalf("state %d: %s with link %q; want an owned stream once, its link opened", i, s.Stream, s.DeltaLink)
				}
				seen[s.Stream] = true
				if i > 0 && got[i-1].Stream >= s.Stream {
					t.Fatalf("state %d: %s after %s: not in stream id order", i, s.Stream, got[i-1].Stream)
				}
			}
			if len(got) != tt.want {
				t.Errorf("read %d states, want %d", len(got), tt.want)
			}
			if _, _, err := pages.Page(ctx, tt.want+1, 10); err == nil {
				t.Error("a page past the end was served")
			}
		})
	}

	t.Run("a deltaLink that does not open fails its page and the round", func(t *testing.T) {
		wrong, err := sealed.New(bytes.Repeat([]byte{9}, sealed.KeySize))
		if err != nil {
			t.Fatal(err)
		}
		bad := *pr
		bad.box = wrong
		pages := bad.statesFor("dir", func(string) bool { return true })
		if _, _, err := pages.Page(ctx, wire.StatesPageSize, 10); err == nil || !strings.Contains(err.Error(), "does not open with state.key") {
			t.Fatalf("page: %v; want the state key's error", err)
		}
		if err := pages.Err(); err == nil || !errors.Is(err, pages.err) {
			t.Errorf("the pages kept no error for the round: %v", err)
		}
	})
}

// TestAPageOfStatesIsOpenedWithFewAllocations: a page of 1,000 states
// opens its deltaLinks with a few allocations a page, not three a link
// (the sealed bytes' copy, the seal context and the opened string), and
// each link opens to its own text however the page's links share memory.
func TestAPageOfStatesIsOpenedWithFewAllocations(t *testing.T) {
	const n = wire.StatesPageSize
	pr := priorOfStreams(t, n, func(id string) string { return "https://graph.test/" + id + "?token=" + strings.Repeat("t", 400) })
	ctx := context.Background()
	pages := pr.statesFor("dir", func(string) bool { return true })
	var page []wire.StreamState
	var err error
	allocs := testing.AllocsPerRun(3, func() {
		if page, _, err = pages.Page(ctx, 0, n); err != nil || len(page) != n {
			t.Fatalf("a page of %d states, %v; want %d", len(page), err, n)
		}
	})
	for _, s := range page {
		if s.DeltaLink != "https://graph.test/"+s.Stream+"?token="+strings.Repeat("t", 400) {
			t.Fatalf("%s opened to %q", s.Stream, s.DeltaLink)
		}
	}
	if allocs > n/10 {
		t.Errorf("a page of %d states made %.0f allocations, want at most %d", n, allocs, n/10)
	}
}

// TestAnOpenersSealContextIsTheSealsOwn: the context an opener builds in
// its buffer is byte for byte the one links are sealed under.
func TestAnOpenersSealContextIsTheSealsOwn(t *testing.T) {
	for _, k := range []manifest.Key{{}, {Source: "mail", Stream: "messages/u1/inbox"}, {Source: "a\x00b", Stream: "é"}} {
		if got, want := string(appendSealContext([]byte("stale"), "pipe", k)[len("stale"):]), sealContext("pipe", k); got != want {
			t.Errorf("%+v: %q, want %q", k, got, want)
		}
	}
}

// priorOfStreams commits a round of n streams s00000, s00001, … of source
// "dir" to a test lake, each with the deltaLink link(id), and reads the
// lake's state back as a round would.
func priorOfStreams(t *testing.T, n int, link func(id string) string) *prior {
	t.Helper()
	l := newTestLake(t)
	script := make(map[string]streamRound, n)
	for i := range n {
		id := fmt.Sprintf("s%05d", i)
		script[id] = streamRound{mode: wire.ModeInitial, link: link(id)}
	}
	l.mustRun(script)
	opts := l.options(nil)
	box, err := sealed.New(opts.Pipeline.State.Key)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := loadPrior(context.Background(), opts.Store, opts.Pipeline.Name, opts.Chain, box)
	if err != nil {
		t.Fatal(err)
	}
	return pr
}
