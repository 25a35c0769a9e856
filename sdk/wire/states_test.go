package wire

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// pages is a StateSource of n states that answers each page as told.
type pages struct {
	n     int
	extra int  // states added to every page beyond what was asked
	stall bool // answer with no states before the end
	asked []int
}

func (p *pages) Page(_ context.Context, offset, limit int) ([]StreamState, int, error) {
	p.asked = append(p.asked, limit)
	if p.stall {
		return nil, p.n, nil
	}
	var out []StreamState
	for i := offset; i < min(p.n, offset+limit+p.extra); i++ {
		out = append(out, StreamState{Stream: fmt.Sprint(i)})
	}
	return out, p.n, nil
}

// EachState reads the states sent in the request, then the host's pages,
// asking for StatesPageSize at a time; a host that stalls or sends more
// than asked is refused rather than looped on or believed.
func TestEachStateReadsTheRequestThenThePages(t *testing.T) {
	tests := []struct {
		name    string
		inline  int
		src     *pages
		want    int
		wantErr string
	}{
		{"states in the request only", 3, nil, 3, ""},
		{"pages only", 0, &pages{n: 2*StatesPageSize + 1}, 2*StatesPageSize + 1, ""},
		{"no states at all", 0, &pages{}, 0, ""},
		{"a host that stalls", 0, &pages{n: 5, stall: true}, 0, "sent none at offset 0 of 5"},
		{"a host that sends more than asked", 0, &pages{n: 2 * StatesPageSize, extra: 1}, 0, "more than the"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := SyncRequest{Streams: make([]StreamState, tt.inline)}
			if tt.src != nil {
				req.States = tt.src
			}
			got := 0
			err := EachState(t.Context(), req, func(StreamState) { got++ })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("read %d states, %v; want %d", got, err, tt.want)
			}
			if tt.src != nil {
				for _, l := range tt.src.asked {
					if l != StatesPageSize {
						t.Errorf("asked for a page of %d, want %d", l, StatesPageSize)
					}
				}
			}
		})
	}
}
