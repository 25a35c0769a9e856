package manifest

import (
	"fmt"
	"testing"
)

// TestOneChainsStateIsNotCopied: the Streams of a lake of one chain are
// that chain's state itself: gathering 10,000 streams allocates no second
// map of them (25 MB at the host's peak at 100,000 streams).
func TestOneChainsStateIsNotCopied(t *testing.T) {
	st := State{}
	for i := range 10_000 {
		k := Key{"mail", fmt.Sprintf("u%05d", i)}
		st[k] = StreamState{Source: k.Source, Stream: k.Stream, Round: 1, DeltaLink: SealedLinkOf("YWJj")}
	}
	for _, mine := range []int{0, -1} {
		allocs := testing.AllocsPerRun(10, func() {
			s := gather([]State{st}, mine)
			if _, ok := s.Get(Key{"mail", "u00042"}); !ok {
				t.Fatal("a stream is missing")
			}
		})
		if allocs > 1 {
			t.Errorf("mine %d: gathering one chain's 10,000 streams took %v allocations, want at most 1", mine, allocs)
		}
	}
}

// TestFirstIsTheFirstOfKeys: First finds the first stream Keys sorts,
// passing over ended ones, without allocating.
func TestFirstIsTheFirstOfKeys(t *testing.T) {
	tests := []struct {
		name  string
		state State
	}{
		{"none", State{}},
		{"one", State{{"mail", "b"}: {Round: 1}}},
		{"by source, then stream", State{{"mail", "b"}: {Round: 1}, {"mail", "a"}: {Round: 1}, {"users", "0"}: {Round: 1}, {"contacts", "z"}: {Round: 1}}},
		{"an ended stream is passed over", State{{"a", "a"}: {Round: 2, Ended: true}, {"b", "b"}: {Round: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := gather([]State{tt.state}, 0)
			keys := s.Keys()
			first, ok := s.First()
			if ok != (len(keys) > 0) || (ok && first != keys[0]) {
				t.Errorf("First() = %v, %v; Keys() = %v", first, ok, keys)
			}
			if allocs := testing.AllocsPerRun(10, func() { s.First() }); allocs > 0 {
				t.Errorf("First allocated %v times", allocs)
			}
		})
	}
}
