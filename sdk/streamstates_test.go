package sdk_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk"
)

// TestStreamStates: lookups, the id order of IDs and IDsWithPrefix,
// whatever order the states came in, and the last of two states of one id.
func TestStreamStates(t *testing.T) {
	state := func(id, link, fp string) sdk.StreamState {
		return sdk.StreamState{Stream: id, DeltaLink: link, Fingerprint: fp}
	}
	tests := []struct {
		name   string
		states []sdk.StreamState
		prefix string
		get    map[string]*sdk.StreamState // nil: not found
		ids    []string                    // IDsWithPrefix(prefix)
	}{
		{name: "none", prefix: "", get: map[string]*sdk.StreamState{"": nil, "a": nil}, ids: nil},
		{
			name:   "unsorted, prefixes of one another",
			states: []sdk.StreamState{state("u1/F2", "l2", "f2"), state("u10/F1", "l3", "f3"), state("u1", "l0", ""), state("u1/F1", "l1", "f1"), state("u1-b/x", "", "f4")},
			prefix: "u1/",
			get: map[string]*sdk.StreamState{
				"u1/F1": new(state("u1/F1", "l1", "f1")), "u1/F2": new(state("u1/F2", "l2", "f2")), "u1": new(state("u1", "l0", "")),
				"u1-b/x": new(state("u1-b/x", "", "f4")), "u1/": nil, "u1/F": nil, "u1/F10": nil, "u0": nil, "v": nil,
			},
			ids: []string{"u1/F1", "u1/F2"},
		},
		{
			name:   "the last of one id wins",
			states: []sdk.StreamState{state("b", "old", "f"), state("a", "l", "f"), state("b", "new", "g")},
			get:    map[string]*sdk.StreamState{"b": new(state("b", "new", "g")), "a": new(state("a", "l", "f"))},
			ids:    []string{"a", "b"},
		},
		{
			name:   "an empty id and a state longer than a chunk",
			states: []sdk.StreamState{state("big", strings.Repeat("L", 3<<20), "fp"), state("", "l", "f")},
			get:    map[string]*sdk.StreamState{"big": new(state("big", strings.Repeat("L", 3<<20), "fp")), "": new(state("", "l", "f"))},
			ids:    []string{"", "big"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sdk.NewStreamStates(tt.states...)
			for id, want := range tt.get {
				if want != nil {
					if got, wantLF := s.LinkFingerprint(id, want.Fingerprint), want.DeltaLink != ""; got != wantLF {
						t.Errorf("LinkFingerprint(%q, its fingerprint) = %v; want %v", id, got, wantLF)
					}
				}
				if s.LinkFingerprint(id, "other") {
					t.Errorf("LinkFingerprint(%q, another fingerprint) = true; want false", id)
				}
				got, ok := s.Get(id)
				if want == nil {
					if ok {
						t.Errorf("Get(%q) found a state; want none", id)
					}
					continue
				}
				if !ok || got != *want {
					t.Errorf("Get(%q) = %v, %v; want the state given", id, ok, got.Stream)
				}
			}
			if got := slices.Collect(s.IDsWithPrefix(tt.prefix)); !slices.Equal(got, tt.ids) {
				t.Errorf("IDsWithPrefix(%q) = %q; want %q", tt.prefix, got, tt.ids)
			}
		})
	}
	var zero sdk.StreamStates
	if _, ok := zero.Get(""); ok || zero.Len() != 0 || len(slices.Collect(zero.IDs())) != 0 {
		t.Error("the zero StreamStates holds a state; want none")
	}
}

// TestLinkFingerprintCopiesNothing: comparing a stream's fingerprint
// allocates nothing, where Get copies the deltaLink.
func TestLinkFingerprintCopiesNothing(t *testing.T) {
	s := sdk.NewStreamStates(sdk.StreamState{Stream: "u1/F1", DeltaLink: strings.Repeat("L", 600), Fingerprint: "f1"})
	if n := testing.AllocsPerRun(100, func() { _ = s.LinkFingerprint("u1/F1", "f1") }); n != 0 {
		t.Errorf("LinkFingerprint allocated %v times; want none", n)
	}
}

// TestStreamStatesOfManyStreams: 5,000 states in random order, over many
// chunks, are all found (and ids next to theirs are not), listed once each in id order, with their own
// link and fingerprint.
func TestStreamStatesOfManyStreams(t *testing.T) {
	const n = 5000
	states := make([]sdk.StreamState, n)
	for i := range states {
		id := fmt.Sprintf("user-%05d/folder-%d", i/11, i%11)
		states[i] = sdk.StreamState{Stream: id, DeltaLink: "https://graph.example/" + id + "?$deltatoken=" + strings.Repeat("t", i%500), Fingerprint: fmt.Sprint(i)}
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(n, func(i, j int) { states[i], states[j] = states[j], states[i] })
	s := sdk.NewStreamStates(states...)
	if s.Len() != n {
		t.Fatalf("Len = %d; want %d", s.Len(), n)
	}
	for _, want := range states {
		if got, ok := s.Get(want.Stream); !ok || got != want {
			t.Fatalf("Get(%q) did not return its state", want.Stream)
		}
		if _, ok := s.Get(want.Stream + "x"); ok {
			t.Fatalf("Get(%q) found a state; want none", want.Stream+"x")
		}
	}
	ids := slices.Collect(s.IDs())
	want := make([]string, n)
	for i, st := range states {
		want[i] = st.Stream
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
}
