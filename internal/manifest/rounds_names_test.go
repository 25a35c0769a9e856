package manifest

import (
	"context"
	"slices"
	"testing"
)

// TestRoundsInListsOnlyTheNamesEntriesHave plants objects whose names
// parse as numbers but are not an entry's name (no entry is read by them):
// RoundsIn ignores them, so that verify and gc see the chain readers see.
func TestRoundsInListsOnlyTheNamesEntriesHave(t *testing.T) {
	ctx := context.Background()
	for _, c := range []Chain{{}, {Index: 1, Count: 2}} {
		t.Run(c.String(), func(t *testing.T) {
			s := newStore(t)
			for _, name := range []string{c.EntryName(1), c.EntryName(2), c.Dir() + "2.json", c.Dir() + "+3.json",
				c.Dir() + "-0000000000000000001.json", c.Dir() + "000000000000000000003.json"} {
				if err := s.PutIfAbsent(ctx, name, []byte("{}")); err != nil {
					t.Fatal(err)
				}
			}
			got, err := RoundsIn(ctx, s, c)
			if err != nil {
				t.Fatal(err)
			}
			if want := []int64{1, 2}; !slices.Equal(got, want) {
				t.Errorf("RoundsIn = %v, want %v", got, want)
			}
		})
	}
}
