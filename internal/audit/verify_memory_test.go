package audit

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/manifest/manifesttest"
	"github.com/graphlake/graphlake/internal/store"
)

// TestVerifyNeverHoldsAnUnsignedEntrysStreams: etl verify reads an
// unsigned entry's streams one at a time, checked and dropped, never as
// the list ReadIn builds (an entry of 600,000 streams is about a gigabyte
// decoded): verifying a lake of one entry of 20,000 streams allocates
// less than half of what reading that entry whole does. (100,000 streams:
// 182 → 19 MB allocated, heap peak 128–136 → 4 MB.)
func TestVerifyNeverHoldsAnUnsignedEntrysStreams(t *testing.T) {
	ctx := context.Background()
	s := manifesttest.Lake(t, 20_000)
	whole := manifesttest.Allocated(func() {
		if _, err := manifest.ReadIn(ctx, s, manifest.Chain{}, 1); err != nil {
			t.Fatal(err)
		}
	})
	verify := manifesttest.Allocated(func() {
		rep, err := Verify(ctx, s, nil)
		if err != nil || rep.Break != nil {
			t.Fatalf("verify: %v, %v", err, rep.Break)
		}
	})
	if verify > whole/2 {
		t.Errorf("verify allocated %d bytes, reading the entry whole %d: want less than half", verify, whole)
	}
}

// entryOpens counts the opens of each manifest entry.
type entryOpens struct {
	store.Store
	mu    sync.Mutex
	opens map[string]int
}

func (o *entryOpens) Open(ctx context.Context, name string) (store.Reader, error) {
	if strings.HasSuffix(name, ".json") {
		o.mu.Lock()
		o.opens[name]++
		o.mu.Unlock()
	}
	return o.Store.Open(ctx, name)
}

// TestVerifyReadsASignedChainsEntriesOnce: a signed entry is read whole,
// for its signature; an entry after a signed one must be signed too, so
// verify reads it whole at once rather than reading it twice. Of a chain
// whose first entry is unsigned and the next three signed, only the first
// signed entry is opened twice.
func TestVerifyReadsASignedChainsEntriesOnce(t *testing.T) {
	s := &entryOpens{Store: newLocal(t), opens: map[string]int{}}
	key := newKey(t)
	commitChain(t, s, manifest.Chain{}, 1, []step{{}, {signer: key}, {signer: key}, {signer: key}})
	rep, err := VerifyWith(context.Background(), s, Options{})
	if err != nil || rep.Break != nil {
		t.Fatalf("verify: %v, %v", err, rep.Break)
	}
	for n, want := range map[int64]int{1: 1, 2: 2, 3: 1, 4: 1} {
		if got := s.opens[manifest.Chain{}.EntryName(n)]; got != want {
			t.Errorf("entry %d opened %d times, want %d", n, got, want)
		}
	}
}
