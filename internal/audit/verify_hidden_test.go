package audit

import (
	"context"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/manifest"
)

// TestVerifyFindsAChainHiddenByOneRemovedObject removes the one object by
// which a chain of a sharded lake is found, which hides every entry of the
// chain from etl's readers: round 1 of the root chain (a lake sharded
// after unsharded rounds), or a shard chain's registration. Verify must
// not call such a lake intact; it names what is missing.
func TestVerifyFindsAChainHiddenByOneRemovedObject(t *testing.T) {
	ctx := context.Background()
	shard := manifest.Chain{Index: 0, Count: 2}
	tests := []struct {
		name    string
		removed string
		want    []string
	}{
		{"the root chain's round 1", manifest.Chain{}.EntryName(1), []string{manifest.Chain{}.EntryName(1), "missing"}},
		{"a shard chain's registration", manifest.Dir + "chains/" + shard.ID(), []string{manifest.ShardsDir + shard.ID(), "etl verify", "registration"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newLocal(t)
			commitChain(t, s, manifest.Chain{}, 1, []step{{}, {}, {}})
			commitChain(t, s, shard, 4, []step{{}, {}})
			commitChain(t, s, manifest.Chain{Index: 1, Count: 2}, 4, []step{{}, {}})
			if err := s.Delete(ctx, tt.removed); err != nil {
				t.Fatal(err)
			}
			rep, err := Verify(ctx, s, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Break == nil {
				t.Fatalf("Verify found the lake intact (%d rounds) after %s was removed", rep.Rounds, tt.removed)
			}
			for _, w := range tt.want {
				if !strings.Contains(rep.Break.Error(), w) && !strings.Contains(rep.Break.Error(), s.Location(w)) {
					t.Errorf("break %q does not name %s", rep.Break, w)
				}
			}
		})
	}
}
