package current_test

import (
	"context"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/manifest/manifesttest"
)

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
	s := manifesttest.Lake(t, 20_000, 0)
	whole := manifesttest.Allocated(func() {
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
		{"as of a time in round 1", func() error {
			_, err := current.Find(ctx, s, current.AsOf{Time: manifesttest.Start.Add(time.Minute)})
			return err
		}},
	} {
		var err error
		got := manifesttest.Allocated(func() { err = tc.read() })
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got > whole/2 {
			t.Errorf("%s allocated %d bytes, reading the first entry whole %d: want less than half", tc.name, got, whole)
		}
	}
}
