package audit

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
)

// TestGCRefusesALakeWithAHiddenChain commits rounds whose entries name
// data files, then removes the one object by which a chain is found (the
// root chain's round 1, a shard chain's registration). gc would take every
// file the hidden chain's entries name for garbage; it must refuse, naming
// what is missing, and list none of them.
func TestGCRefusesALakeWithAHiddenChain(t *testing.T) {
	ctx := context.Background()
	shard := manifest.Chain{Index: 0, Count: 2}
	tests := []struct {
		name    string
		chain   manifest.Chain
		removed string
	}{
		{"the root chain's round 1", manifest.Chain{}, manifest.Chain{}.EntryName(1)},
		{"a shard chain's registration", shard, manifest.Dir + "chains/" + shard.ID()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newLocal(t)
			commitChain(t, s, manifest.Chain{}, 1, []step{{}})
			commitChain(t, s, shard, 2, []step{{}})
			data := "users/date=2026-12-04/0000000003-0000-" + runID + ".parquet"
			if err := s.PutIfAbsent(ctx, data, []byte("rows")); err != nil {
				t.Fatal(err)
			}
			head, err := manifest.LatestIn(ctx, s, tt.chain)
			if err != nil {
				t.Fatal(err)
			}
			e := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Kind: manifest.KindSync, RunID: "r",
				StartedAt: head.StartedAt, CommittedAt: head.CommittedAt, Streams: []manifest.Stream{},
				Files: []manifest.File{{Table: "users", Path: data, Rows: 1, Bytes: 4, SHA256: "00"}}}
			manifest.Next{Chain: tt.chain, Head: head, Round: 3}.Fill(e)
			if _, err := manifest.Commit(ctx, s, e); err != nil {
				t.Fatal(err)
			}
			if err := s.Delete(ctx, tt.removed); err != nil {
				t.Fatal(err)
			}
			found, err := Scan(ctx, s, 0, time.Now().Add(time.Hour))
			if err == nil {
				t.Fatalf("gc scanned a lake with a hidden chain: garbage %v foreign %v", found.Garbage, found.Foreign)
			}
			if !strings.Contains(err.Error(), "etl verify") {
				t.Errorf("error %q does not say to run etl verify", err)
			}
		})
	}
}
