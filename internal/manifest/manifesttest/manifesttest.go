// Package manifesttest builds lakes of large manifest entries for the
// tests of the manifest's readers, and measures what reading them costs.
package manifesttest

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// Start is when the first entry CommitEntries writes started; entry i
// (from 1) starts and commits i-1 hours later.
var Start = time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)

// Lake is a local lake in a folder of the test's, of one root-chain round
// per count in streams, round i recording streams[i-1] mail streams with
// mail-like ids and deltaLinks of Outlook's length (640 bytes), chained
// by hash, with HEAD at the last.
func Lake(tb testing.TB, streams ...int) store.Store {
	tb.Helper()
	s, err := store.NewLocal(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	prev := ""
	var last *manifest.Committed
	for i, n := range streams {
		at := Start.Add(time.Duration(i) * time.Hour)
		e := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Round: int64(i + 1), Kind: manifest.KindSync, Previous: prev,
			StartedAt: at, CommittedAt: at, Files: []manifest.File{}}
		for j := range n {
			e.Streams = append(e.Streams, manifest.Stream{Source: "mail", Stream: fmt.Sprintf("%08x-1111/AAMkAGI2TG93AAA%064d", j/11, j),
				Mode: wire.ModeIncremental, Fingerprint: "0123456789abcdef0123456789abcdef", DeltaLink: manifest.SealedLinkOf(fmt.Sprintf("%0640d", j)), Pages: 1, Status: wire.StatusOK})
		}
		h, err := manifest.Commit(ctx, s, e)
		if err != nil {
			tb.Fatal(err)
		}
		prev, last = h, &manifest.Committed{Entry: *e, SHA256: h}
	}
	if last != nil {
		if err := manifest.WriteHead(ctx, s, last); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}

// Allocated returns the bytes fn allocates.
func Allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Retained returns the live heap that what fn returns holds.
func Retained(fn func() any) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept := fn()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	return max(after.HeapAlloc, before.HeapAlloc) - before.HeapAlloc
}
