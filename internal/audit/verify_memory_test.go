package audit

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestVerifyNeverHoldsAnUnsignedEntrysStreams: etl verify reads an
// unsigned entry's streams one at a time, checked and dropped, never as
// the list ReadIn builds (an entry of 600,000 streams is about a gigabyte
// decoded): verifying a lake of one entry of 20,000 streams allocates
// less than half of what reading that entry whole does. (100,000 streams:
// 182 → 19 MB allocated, heap peak 128–136 → 4 MB.)
func TestVerifyNeverHoldsAnUnsignedEntrysStreams(t *testing.T) {
	ctx := context.Background()
	s, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	e := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Round: 1, Kind: manifest.KindSync, StartedAt: at, CommittedAt: at, Files: []manifest.File{}}
	for i := range 20_000 {
		e.Streams = append(e.Streams, manifest.Stream{Source: "mail", Stream: fmt.Sprintf("%08x-1111-2222-3333-444444444444/AAMkAGI2TG93AAA%064d", i/11, i),
			Mode: "initial", Fingerprint: "0123456789abcdef0123456789abcdef", DeltaLink: fmt.Sprintf("%0640d", i), Pages: 1, Status: "ok"})
	}
	h, err := manifest.Commit(ctx, s, e)
	if err != nil {
		t.Fatal(err)
	}
	if err := manifest.WriteHead(ctx, s, &manifest.Committed{Entry: *e, SHA256: h}); err != nil {
		t.Fatal(err)
	}
	whole := allocated(func() {
		if _, err := manifest.ReadIn(ctx, s, manifest.Chain{}, 1); err != nil {
			t.Fatal(err)
		}
	})
	verify := allocated(func() {
		rep, err := Verify(ctx, s, nil)
		if err != nil || rep.Break != nil {
			t.Fatalf("verify: %v, %v", err, rep.Break)
		}
	})
	if verify > whole/2 {
		t.Errorf("verify allocated %d bytes, reading the entry whole %d: want less than half", verify, whole)
	}
}
