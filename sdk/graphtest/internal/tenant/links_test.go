package tenant

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLinkSetChanges(t *testing.T) {
	// Seq 0: a and b are members. 1: c added. 2: a removed. 3: d added.
	// 4: d removed. 5: a added again. Changes come in entry order.
	var s LinkSet
	s.add("a", "user", 0)
	s.add("b", "user", 0)
	s.add("c", "user", 1)
	s.remove("a", 2)
	s.add("d", "user", 3)
	s.remove("d", 4)
	s.add("a", "user", 5)

	type change struct {
		ID      string
		Present bool
	}
	tests := []struct {
		name     string
		from, to uint32
		want     []change
	}{
		{"nothing changes in an empty range", 2, 2, nil},
		{"an addition shows as present", 0, 1, []change{{"c", true}}},
		{"a removal shows as absent", 1, 2, []change{{"a", false}}},
		{"an add then remove inside the range folds away", 2, 4, nil},
		{"a remove then re-add inside the range folds away", 1, 5, nil},
		{"the whole history nets to one addition", 0, 5, []change{{"c", true}}},
		{"changes after the upper bound are not seen", 0, 2, []change{{"a", false}, {"c", true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []change
			for _, c := range s.Changes(tt.from, tt.to) {
				got = append(got, change{c.TargetID, c.Present})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Changes(%d, %d) mismatch (-want +got):\n%s", tt.from, tt.to, diff)
			}
		})
	}
}
