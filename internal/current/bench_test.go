package current_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk/table"
)

// BenchmarkCompactUsers compacts a users table of GRAPHLAKE_BENCH_USERS
// rows (default 100,000) after a round of GRAPHLAKE_BENCH_CHANGES changes
// (default 1,000: updates carrying a few properties, creations, deletions),
// and reports the peak heap seen while it ran, above what was live before:
// in use (garbage not yet collected included) and live after a GC.
//
//	go test -run XXX -bench CompactUsers -benchtime 3x ./internal/current/
func BenchmarkCompactUsers(b *testing.B) {
	n, changes := envInt("GRAPHLAKE_BENCH_USERS", 100_000), envInt("GRAPHLAKE_BENCH_CHANGES", 1_000)
	ctx := context.Background()
	s, err := store.NewLocal(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	first := writeUsersRound(b, s, 1, nil, func(emit func(string)) {
		for i := range n {
			emit(fullUser(i))
		}
	})
	v, err := current.Open(ctx, s, nil)
	if err != nil {
		b.Fatal(err)
	}
	if first.Current, err = current.Compact(ctx, v.With(first), current.Options{Round: 1, RunID: "initial"}); err != nil {
		b.Fatal(err)
	}
	latest := commitBench(b, s, first, "")
	second := writeUsersRound(b, s, 2, latest, func(emit func(string)) {
		for i := range changes {
			switch id := i * (n / changes); i % 10 {
			case 0:
				emit(fmt.Sprintf(`{"id":"u%07d","@removed":{"reason":"changed"}}`, id))
			case 1:
				emit(fullUser(n + i))
			default:
				emit(fmt.Sprintf(`{"id":"u%07d","jobTitle":"Title %d","officeLocation":"Floor %d"}`, id, i, i%9))
			}
		}
	})
	b.ResetTimer()
	var inUse, live uint64
	var bytes int64
	for i := range b.N {
		v, err := current.Open(ctx, s, latest)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		stop := samplePeakHeap(&inUse, &live)
		ref, err := current.Compact(ctx, v.With(second), current.Options{Round: 2, RunID: fmt.Sprintf("bench%d", i)})
		stop()
		if err != nil {
			b.Fatal(err)
		}
		bytes = 0
		for _, f := range ref.Files() {
			bytes += f.Bytes
		}
		if want := int64(n + changes/10 - changes/10); ref.Table("users").Rows != want {
			b.Fatalf("snapshot holds %d rows, want %d", ref.Table("users").Rows, want)
		}
	}
	b.ReportMetric(float64(inUse)/(1<<20), "peak-inuse-MB")
	b.ReportMetric(float64(live)/(1<<20), "peak-live-MB")
	b.ReportMetric(float64(bytes)/(1<<20), "snapshot-MB")
	b.ReportMetric(float64(n+changes)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func fullUser(i int) string {
	return fmt.Sprintf(`{"id":"u%07d","displayName":"User %d","givenName":"Given%d","surname":"Surname%d","userPrincipalName":"user%d@contoso.com",`+
		`"mail":"user%d@contoso.com","jobTitle":"Engineer","department":"Dept %d","officeLocation":"Building %d","mobilePhone":"+1 555 %07d",`+
		`"businessPhones":["+1 425 555 %04d"],"accountEnabled":true,"city":"Seattle","country":"US","usageLocation":"US",`+
		`"createdDateTime":"2024-01-02T03:04:05Z","manager@delta":[{"id":"u%07d"}]}`, i, i, i, i, i, i, i%40, i%12, i, i%10000, i/10)
}

// writeUsersRound writes a round of users rows and returns its entry, not
// yet committed.
func writeUsersRound(b *testing.B, s store.Store, round int64, prev *manifest.Committed, gen func(emit func(string))) *manifest.Entry {
	b.Helper()
	ctx := context.Background()
	w := parquetout.New(parquetout.Options{Store: s, Round: round, RunID: "r", Date: time.Now()})
	bld := table.NewBuilder(memory.DefaultAllocator, users.Table())
	defer bld.Release()
	seq := int64(0)
	flush := func() {
		rec := bld.NewRecord()
		defer rec.Release()
		if err := w.Write(ctx, "users", rec); err != nil {
			b.Fatal(err)
		}
	}
	gen(func(raw string) {
		seq++
		if err := bld.AppendRaw(json.RawMessage(raw), table.Meta{Round: round, Seq: seq, SyncedAt: time.Now(), Stream: "users"}); err != nil {
			b.Fatal(err)
		}
		if bld.Len() >= 8192 {
			flush()
		}
	})
	flush()
	files, err := w.Close(ctx)
	if err != nil {
		b.Fatal(err)
	}
	e := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "bench", Round: round, Kind: manifest.KindSync, Streams: []manifest.Stream{}}
	for _, f := range files {
		e.Files = append(e.Files, manifest.File{Table: f.Table, Path: f.Path, Rows: f.Rows, Bytes: f.Bytes, SHA256: f.SHA256})
	}
	if prev != nil {
		e.Previous, e.Current = prev.SHA256, prev.Current
	}
	return e
}

func commitBench(b *testing.B, s store.Store, e *manifest.Entry, _ string) *manifest.Committed {
	b.Helper()
	h, err := manifest.Commit(context.Background(), s, e)
	if err != nil {
		b.Fatal(err)
	}
	return &manifest.Committed{Entry: *e, SHA256: h}
}

// samplePeakHeap records the largest heap seen until stop is called, in
// use (live and not yet collected) and live as of the last GC, above what
// was live when it started.
func samplePeakHeap(inUse, live *uint64) (stop func()) {
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := m.HeapAlloc
	var done atomic.Bool
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for !done.Load() {
			runtime.ReadMemStats(&m)
			metrics.Read(samples)
			*inUse = max(*inUse, m.HeapInuse-min(base, m.HeapInuse))
			l := samples[0].Value.Uint64()
			*live = max(*live, l-min(base, l))
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return func() { done.Store(true); <-finished }
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
