package runner

import (
	"context"
	"log/slog"
	"testing"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/sealed"
	"github.com/graphlake/graphlake/sdk/wire"
)

// TestQuietStreamsHoldNothingOfTheirCheckpoints: the checkpoint of a
// stream that found nothing and keeps its deltaLink is held, until the
// commit, as the round's one quiet value (nothing of what the plugin
// sent: at 100,000 streams, 30 MB); a stream that changed keeps its
// own, and the commit counts and records each as before.
func TestQuietStreamsHoldNothingOfTheirCheckpoints(t *testing.T) {
	ctx := context.Background()
	l := newTestLake(t)
	l.mustRun(firstRound)
	opts := l.options(nil)
	opts.Reporter, opts.Logger = nopReporter{}, slog.New(slog.DiscardHandler)
	box, err := sealed.New(opts.Pipeline.State.Key)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := loadPrior(ctx, l.store, opts.Pipeline.Name, opts.Chain, box)
	if err != nil {
		t.Fatal(err)
	}
	r := newRound(opts, pr)
	quiet := &wire.Checkpoint{Stream: "a", Status: wire.StatusOK, Mode: wire.ModeIncremental, Fingerprint: "fp", Pages: 1,
		DeltaLink: "https://graph.test/a?token=2"}
	changed := &wire.Checkpoint{Stream: "b", Status: wire.StatusOK, Mode: wire.ModeIncremental, Fingerprint: "fp", Pages: 1, Upserts: 1,
		DeltaLink: "https://graph.test/b?token=2"}
	for _, cp := range []*wire.Checkpoint{quiet, changed} {
		if err := r.handle(ctx, "dir", nil, ownsAll, cp); err != nil {
			t.Fatal(err)
		}
	}
	if got := r.checkpoints[manifest.Key{Source: "dir", Stream: "a"}]; got != r.quiet {
		t.Errorf("the quiet stream's checkpoint is held as %+v, want the round's quiet value", got)
	}
	want := *changed
	want.DeltaLink = ""
	if got := r.checkpoints[manifest.Key{Source: "dir", Stream: "b"}]; *got != want {
		t.Errorf("the changed stream's checkpoint is held as %+v, want its own without its deltaLink, sealed as it came", got)
	}
	res, err := r.commit(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e := res.Entry; e.Unchanged != 1 || len(e.Streams) != 1 || e.Streams[0].Stream != "b" || e.Streams[0].Upserts != 1 {
		t.Errorf("committed %d unchanged and streams %+v; want a unchanged, b recorded with its upsert", e.Unchanged, e.Streams)
	}
	if st, _ := manifest.LoadState(ctx, l.store, l.latest()); st[manifest.Key{Source: "dir", Stream: "a"}].Round != 1 {
		t.Errorf("the quiet stream's state is %+v, want round 1's kept", st[manifest.Key{Source: "dir", Stream: "a"}])
	}
}
