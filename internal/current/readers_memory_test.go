package current_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// allocatedBy returns the bytes fn allocates.
func allocatedBy(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestReadersOfTheStateNeverHoldAnEntrysStreams: the current state's
// readers (etl show, etl sql, a round's sweep, --as-of) use an entry's
// files, snapshots, rounds and times, never its streams, which at 600,000
// streams are about a gigabyte decoded. On a lake whose first round
// recorded 20,000 streams and whose second is its head, reading the
// current view, and finding the state as of round 1 (by round and by
// time), each allocates less than half of what reading that first entry
// whole does.
func TestReadersOfTheStateNeverHoldAnEntrysStreams(t *testing.T) {
	ctx := context.Background()
	s, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	first := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Round: 1, Kind: manifest.KindSync, StartedAt: at, CommittedAt: at, Files: []manifest.File{}}
	for i := range 20_000 {
		first.Streams = append(first.Streams, manifest.Stream{Source: "mail", Stream: fmt.Sprintf("%08x-1111/AAMkAGI2TG93AAA%064d", i/11, i),
			Mode: "initial", Fingerprint: "0123456789abcdef0123456789abcdef", DeltaLink: fmt.Sprintf("%0640d", i), Pages: 1, Status: "ok"})
	}
	h, err := manifest.Commit(ctx, s, first)
	if err != nil {
		t.Fatal(err)
	}
	second := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Round: 2, Kind: manifest.KindSync, Previous: h,
		StartedAt: at.Add(time.Hour), CommittedAt: at.Add(time.Hour), Files: []manifest.File{}}
	h2, err := manifest.Commit(ctx, s, second)
	if err != nil {
		t.Fatal(err)
	}
	if err := manifest.WriteHead(ctx, s, &manifest.Committed{Entry: *second, SHA256: h2}); err != nil {
		t.Fatal(err)
	}
	whole := allocatedBy(func() {
		if _, err := manifest.Read(ctx, s, 1); err != nil {
			t.Fatal(err)
		}
	})
	for _, tc := range []struct {
		name string
		read func() error
	}{
		{"the current view", func() error { _, err := current.OpenLake(ctx, s); return err }},
		{"as of round 1", func() error { _, err := current.Find(ctx, s, current.AsOf{Round: 1}); return err }},
		{"as of a time in round 1", func() error { _, err := current.Find(ctx, s, current.AsOf{Time: at.Add(time.Minute)}); return err }},
	} {
		var err error
		got := allocatedBy(func() { err = tc.read() })
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got > whole/2 {
			t.Errorf("%s allocated %d bytes, reading the first entry whole %d: want less than half", tc.name, got, whole)
		}
	}
}
