package runner

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/sdk/lake"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// The tests in this file run whole rounds in process: a fakeSource behind
// the Connector seam, the local store in a temp folder, and assertions on
// the committed entry and the Parquet read back. One test per outcome of
// a round: ok, partial failure, resync with sweep, lost race, stop.

// firstRound is a first round of two streams.
var firstRound = map[string]streamRound{
	"a": {ids: []string{"a1", "a2", "a3"}, mode: wire.ModeInitial, link: "https://graph.test/a?token=1"},
	"b": {ids: []string{"b1"}, mode: wire.ModeInitial, link: "https://graph.test/b?token=1"},
}

func TestRoundOK(t *testing.T) {
	l := newTestLake(t)
	res := l.mustRun(firstRound)
	e := res.Entry
	if e.Round != 1 || e.Kind != manifest.KindSync || len(res.Failed) != 0 {
		t.Fatalf("entry: round %d kind %q failed %v; want round 1 of kind sync, none failed", e.Round, e.Kind, res.Failed)
	}
	for _, name := range []string{"a", "b"} {
		s := streamOf(t, e, name)
		if s.Status != wire.StatusOK || s.Mode != wire.ModeInitial || s.DeltaLink == "" || s.EndLinkSHA256 == "" {
			t.Errorf("stream %s: status %q mode %q sealed link %t link hash %t; want ok, initial, both set", name, s.Status, s.Mode, s.DeltaLink != "", s.EndLinkSHA256 != "")
		}
		if strings.Contains(s.DeltaLink.Text(), "graph.test") {
			t.Errorf("stream %s: the entry holds the deltaLink in clear", name)
		}
	}
	if got := l.latest(); got == nil || got.Round != 1 || got.RunID != e.RunID {
		t.Fatalf("the lake's latest entry is not the round's: %+v", got)
	}
	for _, f := range e.Files {
		if _, err := l.store.Stat(context.Background(), f.Path); err != nil {
			t.Errorf("file %s the entry names: %v", f.Path, err)
		}
	}
	got := l.rows(e)
	want := []lakeRow{{"a1", "a", table.OpUpsert, ""}, {"a2", "a", table.OpUpsert, ""}, {"a3", "a", table.OpUpsert, ""}, {"b1", "b", table.OpUpsert, ""}}
	sortRows(got)
	if !slices.Equal(got, want) || e.Rows() != 4 {
		t.Fatalf("rows read back (%d in the entry):\n got %v\nwant %v", e.Rows(), got, want)
	}

	// The next round starts from the state the first committed: each
	// stream gets its deltaLink back, opened; idle streams keep it.
	res = l.mustRun(map[string]streamRound{"a": {}, "b": {}})
	for name, link := range map[string]string{"a": firstRound["a"].link, "b": firstRound["b"].link} {
		if l.src.got[name].DeltaLink != link {
			t.Errorf("round 2: stream %s started without its committed deltaLink", name)
		}
	}
	if res.Entry.Round != 2 || res.Entry.Unchanged != 2 || len(res.Entry.Streams) != 0 || len(res.Entry.Files) != 0 || res.Entry.Rows() != 0 {
		t.Errorf("idle round: round %d, %d unchanged, %d streams, %d files, %d rows; want round 2, 2 unchanged, none recorded, no files, no rows",
			res.Entry.Round, res.Entry.Unchanged, len(res.Entry.Streams), len(res.Entry.Files), res.Entry.Rows())
	}
	// The idle round writes no state checkpoint of its own: it names
	// round 1's.
	if first, idle := e.State, res.Entry.State; first == nil || idle == nil || *idle != *first {
		t.Errorf("idle round's state checkpoint %+v; want round 1's %+v carried forward", idle, first)
	}
}

func TestRoundPartialFailure(t *testing.T) {
	l := newTestLake(t)
	l.mustRun(firstRound)
	res := l.mustRun(map[string]streamRound{
		"a": {ids: []string{"a4"}, link: "https://graph.test/a?token=2"},
		"b": {status: wire.StatusFailed},
	})
	e := res.Entry
	if len(res.Failed) != 1 || res.Failed[0].Stream != "b" {
		t.Fatalf("failed streams %v; want b alone", res.Failed)
	}
	if a := streamOf(t, e, "a"); a.Status != wire.StatusOK || a.Upserts != 1 {
		t.Errorf("stream a: status %q, %d upserts; want ok, 1", a.Status, a.Upserts)
	}
	b := streamOf(t, e, "b")
	first := streamOf(t, &l.entry(1).Entry, "b")
	if b.Status != wire.StatusFailed || !strings.Contains(b.Error, "503") || b.DeltaLink != "" || b.EndLinkSHA256 != first.EndLinkSHA256 {
		t.Errorf("stream b: status %q error %q new link %t link hash kept %t; want failed with its error, no new link, round 1's hash",
			b.Status, b.Error, b.DeltaLink != "", b.EndLinkSHA256 == first.EndLinkSHA256)
	}
	if got, want := l.rows(e), []lakeRow{{"a4", "a", table.OpUpsert, ""}}; !slices.Equal(got, want) {
		t.Errorf("rows read back:\n got %v\nwant %v", got, want)
	}

	// The failed stream starts the next round from its old deltaLink,
	// the other from its new one.
	l.mustRun(map[string]streamRound{"a": {}, "b": {}})
	if got := l.src.got["b"].DeltaLink; got != firstRound["b"].link {
		t.Errorf("round 3: failed stream b did not keep round 1's deltaLink")
	}
	if got := l.src.got["a"].DeltaLink; got != "https://graph.test/a?token=2" {
		t.Errorf("round 3: stream a did not start from round 2's deltaLink")
	}
}

func TestRoundSourceBrokeTheProtocol(t *testing.T) {
	l := newTestLake(t)
	l.others = map[string]wire.Source{"broken": protocolBreaker{}}
	res := l.mustRun(firstRound)
	if len(res.Failed) != 1 || res.Failed[0].Source != "broken" || res.Failed[0].Stream != wholeSource ||
		res.Failed[0].Status != wire.StatusFailed || !strings.Contains(res.Failed[0].Error, "stream id") {
		t.Fatalf("failed streams %+v; want the broken source as one failed stream %q naming the bad stream id", res.Failed, wholeSource)
	}
	for _, name := range []string{"a", "b"} {
		if s := streamOf(t, res.Entry, name); s.Status != wire.StatusOK {
			t.Errorf("stream %s of the sound source: status %q; want ok", name, s.Status)
		}
	}
	if rows := l.rows(res.Entry); len(rows) != 4 {
		t.Errorf("the sound source's rows: %d read back; want 4", len(rows))
	}
}

func TestRoundEveryStreamFailedCommitsNothing(t *testing.T) {
	l := newTestLake(t)
	l.mustRun(firstRound)
	before := l.objects()
	res, err := l.run(context.Background(), map[string]streamRound{"a": {ids: []string{"a4"}, status: wire.StatusFailed}, "b": {status: wire.StatusFailed}}, nil)
	if err == nil || !strings.Contains(err.Error(), "every stream failed") || res != nil {
		t.Fatalf("round where every stream failed: result %v, error %v; want the every-stream-failed error", res, err)
	}
	if got := l.latest(); got.Round != 1 {
		t.Errorf("latest round %d; want 1", got.Round)
	}
	if extra := newObjects(before, l.objects()); len(extra) != 0 {
		t.Errorf("objects left: %v", extra)
	}
}

func TestRoundResyncSweeps(t *testing.T) {
	l := newTestLake(t)
	l.mustRun(firstRound)
	// Stream a reads everything again and returns a1 alone: a2 and a3
	// were deleted without Graph saying so.
	res := l.mustRun(map[string]streamRound{
		"a": {ids: []string{"a1"}, mode: wire.ModeResync, link: "https://graph.test/a?token=2"},
		"b": {},
	})
	e := res.Entry
	a := streamOf(t, e, "a")
	if a.Mode != wire.ModeResync || a.Reason == "" || a.Swept != 2 || a.Status != wire.StatusOK {
		t.Errorf("stream a: mode %q reason %q swept %d status %q; want resync with a reason, 2 swept, ok", a.Mode, a.Reason, a.Swept, a.Status)
	}
	got := l.rows(e)
	sortRows(got)
	want := []lakeRow{{"a1", "a", table.OpUpsert, ""}, {"a2", "a", table.OpDelete, lake.ReasonResync}, {"a3", "a", table.OpDelete, lake.ReasonResync}}
	if !slices.Equal(got, want) {
		t.Fatalf("rows read back:\n got %v\nwant %v", got, want)
	}
}

func TestRoundLostRace(t *testing.T) {
	l := newTestLake(t)
	l.checkpointEvery = 1 // the run writes a state checkpoint, to be removed too
	l.mustRun(firstRound)
	before := l.objects()
	var runs []string
	var other string
	// Another writer commits round 2 while this run is about to.
	hook := func(step string) {
		if step != crashpoint.BeforeCommit {
			return
		}
		runs = newObjects(before, l.objects())
		head := l.latest()
		e := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Kind: manifest.KindSync, RunID: "other", StartedAt: head.StartedAt, CommittedAt: head.CommittedAt}
		manifest.NextAfter(head).Fill(e)
		if _, err := manifest.Commit(context.Background(), l.store, e); err != nil {
			t.Errorf("the other writer's commit: %v", err)
		}
		other = manifest.Chain{}.EntryName(e.Round)
	}
	res, err := l.run(context.Background(), map[string]streamRound{"a": {ids: []string{"a4"}, link: "https://graph.test/a?token=2"}}, hook)
	if !errors.Is(err, manifest.ErrRoundTaken) || res != nil {
		t.Fatalf("lost race: result %v, error %v; want ErrRoundTaken", res, err)
	}
	var re *RoundError
	var taken *manifest.RoundTakenError
	if !errors.As(err, &re) || re.Round != 2 || !errors.As(err, &taken) || taken.Round != 2 {
		t.Errorf("lost race error %v: want a *RoundError and a *manifest.RoundTakenError of round 2", err)
	}
	if !hasPrefix(runs, fakeTable+"/") || !hasPrefix(runs, manifest.StateDir) {
		t.Fatalf("the run had not written its files and state checkpoint when it reached the commit: %v", runs)
	}
	if got := l.latest(); got.Round != 2 || got.RunID != "other" {
		t.Errorf("latest entry: round %d run %q; want the other writer's round 2", got.Round, got.RunID)
	}
	if extra := newObjects(before, l.objects()); !slices.Equal(extra, []string{other}) {
		t.Errorf("objects added by the round: %v; want only the other writer's entry %s (the run wrote %v)", extra, other, runs)
	}
}

func TestRoundStopped(t *testing.T) {
	tests := []struct {
		name string
		// stop cancels the round at some point: in the plugin's Sync, or
		// when every file is written and the entry is about to be created.
		inSync, beforeCommit bool
	}{
		{name: "in the plugin's sync", inSync: true},
		{name: "before the commit", beforeCommit: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLake(t)
			l.checkpointEvery = 1 // the round writes a state checkpoint, to be removed too
			l.mustRun(firstRound)
			before := l.objects()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var written []string
			if tt.inSync {
				l.src.during = func(ctx context.Context) error {
					cancel()
					<-ctx.Done()
					return ctx.Err()
				}
			}
			hook := func(step string) {
				if tt.beforeCommit && step == crashpoint.BeforeCommit {
					written = newObjects(before, l.objects())
					cancel()
				}
			}
			res, err := l.run(ctx, map[string]streamRound{"a": {ids: []string{"a4", "a5"}, link: "https://graph.test/a?token=2"}}, hook)
			if !errors.Is(err, context.Canceled) || res != nil {
				t.Fatalf("stopped round: result %v, error %v; want context.Canceled", res, err)
			}
			if tt.beforeCommit && (!hasPrefix(written, fakeTable+"/") || !hasPrefix(written, manifest.StateDir)) {
				t.Fatalf("the round had not written its files and state checkpoint when it reached the commit: %v", written)
			}
			if got := l.latest(); got.Round != 1 {
				t.Errorf("latest round %d; want 1: the stopped round committed", got.Round)
			}
			if extra := newObjects(before, l.objects()); len(extra) != 0 {
				t.Errorf("objects the stopped round left: %v", extra)
			}
		})
	}
}

// entry reads round n's entry.
func (l *testLake) entry(n int64) *manifest.Committed {
	l.t.Helper()
	c, err := manifest.Read(context.Background(), l.store, n)
	if err != nil {
		l.t.Fatal(err)
	}
	return c
}

func sortRows(rows []lakeRow) {
	slices.SortFunc(rows, func(a, b lakeRow) int { return strings.Compare(a.id, b.id) })
}

// hasPrefix reports whether a name in names starts with prefix.
func hasPrefix(names []string, prefix string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, prefix) })
}
