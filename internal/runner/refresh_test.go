package runner

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/sdk/wire"
)

// TestRefreshAgesAreSpreadAndBounded: every stream's link is replaced at
// an age between three quarters of LinkRefresh and LinkRefresh, the same
// for a stream every time, and the ages of many streams cover that
// quarter.
func TestRefreshAgesAreSpreadAndBounded(t *testing.T) {
	const refresh = 24 * time.Hour
	lowest, highest := refresh, time.Duration(0)
	for i := range 10_000 {
		k := manifest.Key{Source: "mail", Stream: fmt.Sprintf("user%d/inbox", i)}
		age := refreshAge(k, refresh)
		if age < refresh*3/4 || age > refresh {
			t.Fatalf("%v is refreshed at %v, outside [%v, %v]", k, age, refresh*3/4, refresh)
		}
		if again := refreshAge(k, refresh); again != age {
			t.Fatalf("%v: refresh age %v, then %v", k, age, again)
		}
		lowest, highest = min(lowest, age), max(highest, age)
	}
	if lowest > refresh*3/4+time.Minute || highest < refresh-time.Minute {
		t.Errorf("10,000 streams are refreshed at ages from %v to %v: not spread over [18h, 24h]", lowest, highest)
	}
}

// TestKeptLinksAreReplacedOverSeveralRounds: 200 streams linked in one
// round and idle since are not all recorded again in one round when
// their links grow old: none at 17 hours, some at 21, the rest (and only
// the rest) just after 24.
func TestKeptLinksAreReplacedOverSeveralRounds(t *testing.T) {
	l := newTestLake(t)
	start := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	round := func(at time.Duration, mode wire.Mode) *Result {
		t.Helper()
		script := map[string]streamRound{}
		for i := range 200 {
			script[fmt.Sprintf("s%03d", i)] = streamRound{mode: mode, link: fmt.Sprintf("https://graph.test/s%d?at=%v", i, at)}
		}
		l.src.script = script
		opts := l.options(nil)
		opts.Now = func() time.Time { return start.Add(at) }
		res, err := Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	recorded := func(res *Result) map[string]bool {
		out := map[string]bool{}
		for _, s := range res.Entry.Streams {
			out[s.Stream] = true
		}
		return out
	}
	if got := recorded(round(0, wire.ModeInitial)); len(got) != 200 {
		t.Fatalf("the first round recorded %d streams, want 200", len(got))
	}
	if got := recorded(round(17*time.Hour, wire.ModeIncremental)); len(got) != 0 {
		t.Errorf("at 17 hours %d kept links were replaced, want none", len(got))
	}
	some := recorded(round(21*time.Hour, wire.ModeIncremental))
	if len(some) == 0 || len(some) == 200 {
		t.Errorf("at 21 hours %d of 200 kept links were replaced, want some but not all", len(some))
	}
	rest := recorded(round(24*time.Hour+time.Second, wire.ModeIncremental))
	for i := range 200 {
		s := fmt.Sprintf("s%03d", i)
		if some[s] == rest[s] {
			t.Errorf("stream %s: replaced at 21 hours %v, just after 24 hours %v; want exactly once", s, some[s], rest[s])
		}
	}
}
