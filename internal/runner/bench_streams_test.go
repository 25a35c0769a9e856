package runner

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/cputime"
	"github.com/graphlake/graphlake/internal/sealed"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// manyStreamsLake is a lake whose one source holds n streams with
// mail-like deltaLinks (about 480 bytes): a checkpoint of all of them
// (round 1) and an entry in which every one changed (round 2, as when
// their links grow LinkRefresh old), which reading the state replays: the
// most a start-up reads between two checkpoints.
type manyStreamsLake struct {
	root string
	n    int
}

// streamLink is stream i's deltaLink in round; long as Outlook's are.
func streamLink(i int, round int64) string {
	return fmt.Sprintf("https://graph.microsoft.com/v1.0/users/%08x-1111-2222-3333-444444444444/mailFolders/AAMkAGI2TG93AAA%0120d/messages/delta?$deltatoken=%0280d",
		i, i, int64(i)*1000+round)
}

// streamID is stream i's id, long as the mail plugin's.
func streamID(i int) string {
	return fmt.Sprintf("messages/%08x-1111-2222-3333-444444444444/AAMkAGI2TG93AAA%064d", i/11, i)
}

func newManyStreamsLake(tb testing.TB, n int) manyStreamsLake {
	tb.Helper()
	l := manyStreamsLake{root: tb.TempDir(), n: n}
	for round := int64(1); round <= 2; round++ {
		script := make(map[string]streamRound, n)
		for i := range n {
			script[streamID(i)] = streamRound{link: streamLink(i, round), mode: wire.ModeInitial}
		}
		src := &fakeSource{script: script}
		if _, err := Run(context.Background(), l.options(tb, l.root, src)); err != nil {
			tb.Fatalf("set up round %d: %v", round, err)
		}
	}
	return l
}

// options are a round's options on the lake at root.
func (l manyStreamsLake) options(tb testing.TB, root string, src *fakeSource) Options {
	tb.Helper()
	s, err := store.NewLocal(root)
	if err != nil {
		tb.Fatal(err)
	}
	tl := &testLake{root: root, store: s, src: src}
	return tl.options(nil)
}

// copy copies the lake into a fresh folder, for a round that commits.
func (l manyStreamsLake) copy(tb testing.TB) string {
	tb.Helper()
	dst := filepath.Join(tb.TempDir(), "lake")
	if out, err := exec.Command("cp", "-a", l.root, dst).CombinedOutput(); err != nil {
		tb.Fatalf("copy the lake: %v: %s", err, out)
	}
	return dst
}

// readState is what a round's start-up does with the state: read every
// chain and the state (checkpoint and replay), and open every stream's
// deltaLink as the plugin reads their pages.
func readState(ctx context.Context, opts Options) (*prior, []wire.StreamState, error) {
	box, err := sealed.New(opts.Pipeline.State.Key)
	if err != nil {
		return nil, nil, err
	}
	pr, err := loadPrior(ctx, opts.Store, opts.Pipeline.Name, opts.Chain, box)
	if err != nil {
		return nil, nil, err
	}
	var states []wire.StreamState
	req := wire.SyncRequest{States: pr.statesFor("dir", func(string) bool { return true })}
	err = wire.EachState(ctx, req, func(s wire.StreamState) { states = append(states, s) })
	return pr, states, err
}

// commitRound commits a round of the lake's n streams, after reading the
// state (not timed): each stream found nothing (unchanged) or ended with a
// new deltaLink (changed); checkpoint makes the round write the state
// checkpoint too. It returns the time the commit took, and adds the CPU
// time it took to cpuSpent (when not nil).
func commitRound(tb testing.TB, l manyStreamsLake, root string, changed, checkpoint bool, cpuSpent *time.Duration) time.Duration {
	tb.Helper()
	ctx := context.Background()
	opts := l.options(tb, root, &fakeSource{})
	opts.Reporter, opts.Logger = nopReporter{}, slog.New(slog.DiscardHandler)
	if checkpoint {
		opts.CheckpointEvery = 1
	}
	pr, _, err := readState(ctx, opts)
	if err != nil {
		tb.Fatal(err)
	}
	r := newRound(opts, pr)
	for i := range l.n {
		id := streamID(i)
		cp := &wire.Checkpoint{Stream: id, Status: wire.StatusOK, Mode: wire.ModeIncremental, Fingerprint: "fp", Pages: 1, DeltaLink: streamLink(i, 2)}
		if changed {
			cp.DeltaLink = streamLink(i, r.number)
		}
		if err := r.handle(ctx, "dir", nil, ownsAll, cp); err != nil {
			tb.Fatal(err)
		}
	}
	runtime.GC()
	start, cpu := time.Now(), cputime.Self(tb)
	res, err := r.commit(ctx, nil)
	took, cpu := time.Since(start), cputime.Self(tb)-cpu
	if err != nil {
		tb.Fatal(err)
	}
	if got := int64(len(res.Entry.Streams)) + res.Entry.Unchanged; got != int64(l.n) {
		tb.Fatalf("the round counted %d streams, want %d", got, l.n)
	}
	if cpuSpent != nil {
		*cpuSpent += cpu
	}
	return took
}

// heap is the live heap after a collection, and the bytes allocated so far.
type heap struct{ live, allocated uint64 }

// heapFigures collects garbage and reads the heap's figures.
func heapFigures() heap {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return heap{live: m.HeapAlloc, allocated: m.TotalAlloc}
}

// BenchmarkManyStreams measures the host's per-round cost of a pipeline
// with many streams, in process: reading the state at start-up (the
// chain, the checkpoint, the replayed entries, every deltaLink opened)
// and committing (every stream unchanged; every stream with a new
// deltaLink; the same, writing the state checkpoint). Streams:
// GRAPHLAKE_BENCH_STREAMS (default 100000).
//
//	go test ./internal/runner -run '^$' -bench BenchmarkManyStreams -benchtime 3x -count 3
func BenchmarkManyStreams(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("GRAPHLAKE_BENCH_STREAMS")); err == nil && v > 0 {
		n = v
	}
	l := newManyStreamsLake(b, n)
	b.Run("read-state", func(b *testing.B) {
		opts := l.options(b, l.root, &fakeSource{})
		var cpu time.Duration
		var live, allocated uint64
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			before := heapFigures()
			b.StartTimer()
			start := cputime.Self(b)
			pr, states, err := readState(context.Background(), opts)
			if err != nil || len(states) != n {
				b.Fatalf("read %d states (%v), want %d", len(states), err, n)
			}
			cpu += cputime.Self(b) - start
			b.StopTimer()
			after := heapFigures()
			live += after.live - before.live
			allocated += after.allocated - before.allocated
			runtime.KeepAlive(pr)
			b.StartTimer()
		}
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/op")
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(live)/float64(b.N)/1e6, "state-live-MB")
		b.ReportMetric(float64(allocated)/float64(b.N)/1e6, "read-alloc-MB")
	})
	for _, c := range []struct {
		name                string
		changed, checkpoint bool
	}{{"commit-unchanged", false, false}, {"commit-changed", true, false}, {"commit-changed-checkpoint", true, true}} {
		b.Run(c.name, func(b *testing.B) {
			var total, cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				root := l.copy(b)
				b.StartTimer()
				total += commitRound(b, l, root, c.changed, c.checkpoint, &cpu)
			}
			b.ReportMetric(total.Seconds()/float64(b.N), "commit-s")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "commit-cpu-s")
		})
	}
}

// TestManyStreamsBenchShort is BenchmarkManyStreams' short form, in the
// suite: 2,000 streams, the state read back whole and each kind of
// commit counting every stream.
func TestManyStreamsBenchShort(t *testing.T) {
	const n = 2000
	l := newManyStreamsLake(t, n)
	opts := l.options(t, l.root, &fakeSource{})
	_, states, err := readState(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != n || states[0].DeltaLink != streamLinkOf(states[0].Stream, n) {
		t.Fatalf("read %d states, want %d with their round-2 links", len(states), n)
	}
	for _, c := range []struct{ changed, checkpoint bool }{{false, false}, {true, false}, {true, true}} {
		commitRound(t, l, l.copy(t), c.changed, c.checkpoint, nil)
	}
}

// streamLinkOf is the round-2 link of the stream with id, among n.
func streamLinkOf(id string, n int) string {
	for i := range n {
		if streamID(i) == id {
			return streamLink(i, 2)
		}
	}
	return ""
}
