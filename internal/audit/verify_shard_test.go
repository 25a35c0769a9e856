package audit

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/manifest"
)

// TestVerifyNamesTheAlteredEntryOfAShardChain: a shard chain's entries are
// named by their sequence number, not their round, so the break must name
// the object that was altered (its Seq), and its round.
func TestVerifyNamesTheAlteredEntryOfAShardChain(t *testing.T) {
	ctx := context.Background()
	s := newLocal(t)
	sh := manifest.Chain{Index: 1, Count: 2}
	// Rounds 5, 6, 7 are the chain's entries 1, 2, 3.
	commitChain(t, s, sh, 5, []step{{}, {}, {}})
	name := sh.EntryName(2)
	b, err := s.Get(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, name); err != nil {
		t.Fatal(err)
	}
	altered := bytes.Replace(b, []byte(`"r"`), []byte(`"x"`), 1) // the run id
	if bytes.Equal(altered, b) {
		t.Fatal("the test's edit changed nothing")
	}
	if err := s.PutIfAbsent(ctx, name, altered); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Break == nil {
		t.Fatal("Verify found no break in an altered shard chain")
	}
	if rep.Break.Object != s.Location(name) || rep.Break.Round != 6 {
		t.Errorf("break at round %d, object %s; want round 6, object %s", rep.Break.Round, rep.Break.Object, s.Location(name))
	}
	if !strings.Contains(rep.Break.Problem, "round 7 recorded") {
		t.Errorf("problem %q does not name round 7 as the one that recorded the hash", rep.Break.Problem)
	}
}
