package audit

import (
	"context"
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
	s, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	manifesttest.CommitEntries(t, s, 20_000)
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
