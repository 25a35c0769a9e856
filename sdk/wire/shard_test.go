package wire

import (
	"fmt"
	"testing"
)

func TestShardOfIsStableBalancedAndMovesFewKeys(t *testing.T) {
	const keys = 10000
	counts := make([]int, 4)
	moved := 0
	for i := range keys {
		k := fmt.Sprintf("user-%d", i)
		s4, s3 := ShardOf(k, 4), ShardOf(k, 3)
		if s4 != ShardOf(k, 4) {
			t.Fatalf("ShardOf(%q, 4) changed between calls", k)
		}
		if s4 < 0 || s4 >= 4 {
			t.Fatalf("ShardOf(%q, 4) = %d", k, s4)
		}
		counts[s4]++
		if s4 != s3 {
			moved++
			if s4 != 3 {
				t.Fatalf("key %q moved from shard %d to %d going from 4 to 3 shards: only shard 3's keys should move", k, s4, s3)
			}
		}
	}
	for i, c := range counts {
		if c < keys/4*9/10 || c > keys/4*11/10 {
			t.Errorf("shard %d of 4 holds %d of %d keys: not balanced", i, c, keys)
		}
	}
	if moved > keys/3 {
		t.Errorf("%d of %d keys moved from 4 to 3 shards; jump hash moves about a quarter", moved, keys)
	}
}

func TestShardOwnsStreamsByTheirPrefix(t *testing.T) {
	s := Shard{Index: ShardOf("u1", 4), Count: 4}
	for _, id := range []string{"u1/folders", "u1/AAMk", "u1"} {
		if !s.OwnsStream(id) {
			t.Errorf("shard %d/4 does not own %q", s.Index, id)
		}
	}
	if !(Shard{}).OwnsStream("anything") || !(Shard{Count: 1}).OwnsStream("x/y") {
		t.Error("an unsharded run must own every stream")
	}
}
