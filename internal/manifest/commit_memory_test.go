package manifest

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// TestCommitHoldsLessThanItsEntry commits an entry of 20,000 streams
// (about 43 MB encoded) and samples the heap while it commits, collecting
// garbage often (GOGC=5) so that the heap in use follows what is live:
// the commit may hold at most three quarters of the encoded entry beside
// the entry itself, as it spools all but store.SpoolMemory of it to a
// temporary file. Encoding it whole (json.MarshalIndent: a buffer grown
// by doubling, then indented into another) held three to four times its
// size, and encoding it into memory blocks once.
func TestCommitHoldsLessThanItsEntry(t *testing.T) {
	s, e, size := largeEntry(t)
	held, err := heldWhile(5, func() error {
		_, err := Commit(context.Background(), s, e)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("entry %.1f MB encoded; the commit held %.1f MB more at its peak", float64(size)/1e6, float64(held)/1e6)
	if held > size*3/4 {
		t.Errorf("the commit held %.1f MB more at its peak, %.2f times the encoded entry (%.1f MB); want at most 0.75", float64(held)/1e6, float64(held)/float64(size), float64(size)/1e6)
	}
}

// TestASignedCommitHoldsItsMessageOnce is TestCommitHoldsLessThanItsEntry
// for a signed commit (at GOGC=20: it encodes the entry three times):
// the message Ed25519 signs is the encoded entry, held whole, and then the
// entry is stored as an unsigned one is (that the signature holds:
// sign_test.go). Signing an entry encoded whole (json.MarshalIndent, then
// copied into the message) held five times its size; the commit may hold
// twice.
func TestASignedCommitHoldsItsMessageOnce(t *testing.T) {
	s, e, size := largeEntry(t)
	c := &Committer{Store: s, Signer: testSigner(t)}
	held, err := heldWhile(20, func() error {
		_, err := c.Commit(context.Background(), Next{Round: 1}, e)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("entry %.1f MB encoded; the signed commit held %.1f MB more at its peak", float64(size)/1e6, float64(held)/1e6)
	if held > size*2 {
		t.Errorf("the signed commit held %.1f MB more at its peak, %.1f times the encoded entry (%.1f MB); want at most 2", float64(held)/1e6, float64(held)/float64(size), float64(size)/1e6)
	}
}

// largeEntry is a store and a first entry of 20,000 mail streams (about
// 43 MB encoded, past store.SpoolMemory), and its size encoded.
func largeEntry(t *testing.T) (store.Store, *Entry, uint64) {
	s, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e := &Entry{Format: FormatVersion, Pipeline: "p", Round: 1, Kind: KindSync, StartedAt: time.Unix(0, 0).UTC(), Files: []File{}}
	for j := range 20_000 {
		e.Streams = append(e.Streams, Stream{Source: "mail", Stream: fmt.Sprintf("%08x-1111/AAMkAGI2TG93AAA%064d", j/11, j),
			Mode: wire.ModeIncremental, Fingerprint: "0123456789abcdef0123456789abcdef", DeltaLink: SealedLinkOf(fmt.Sprintf("%01800d", j)), Pages: 1, Status: wire.StatusOK})
	}
	return s, e, encodedSize(t, e)
}

// heldWhile runs fn while it samples the heap, collecting garbage often
// (at gcPercent: 5 or 20) so that the heap in use follows what is live,
// and returns how much more than before fn the heap held at its peak.
func heldWhile(gcPercent int, fn func() error) (uint64, error) {
	defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	runtime.GC()
	runtime.GC()
	base := heapObjects()
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			peak = max(peak, heapObjects())
			select {
			case <-done:
				return
			case <-time.After(100 * time.Microsecond):
			}
		}
	})
	err := fn()
	close(done)
	wg.Wait()
	return peak - min(peak, base), err
}

// encodedSize is the length of e encoded.
func encodedSize(t *testing.T, e *Entry) uint64 {
	b, err := Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	return uint64(len(b))
}

// heapObjects is the bytes of heap objects, live or not yet swept.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
