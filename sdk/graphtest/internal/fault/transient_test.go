package fault

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// transientStatuses sends n requests (each URL twice in a row when the first
// failed) through a Transient and returns the statuses, in order.
func transientStatuses(seed int64, n int) []int {
	h := NewTransient(seed, 0.2).Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	var out []int
	for i := range n {
		for {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", fmt.Sprintf("/v1.0/users/delta?$skiptoken=%d", i), nil))
			out = append(out, w.Code)
			if w.Code == http.StatusOK {
				break
			}
		}
	}
	return out
}

func TestTransientErrors(t *testing.T) {
	first, again, seed2 := transientStatuses(1, 500), transientStatuses(1, 500), transientStatuses(2, 500)
	count := map[int]int{}
	for i, s := range first {
		count[s]++
		if s != http.StatusOK && i+1 < len(first) && first[i+1] != http.StatusOK {
			t.Fatalf("request %d failed twice in a row: a retry must succeed", i)
		}
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"the same seed fails the same requests", slices.Equal(first, again)},
		{"another seed fails others", !slices.Equal(first, seed2)},
		{"about the share asked for fails", count[500]+count[502] > 60 && count[500]+count[502] < 150},
		{"both 500 and 502 occur", count[500] > 0 && count[502] > 0},
		{"nothing else is answered", count[200]+count[500]+count[502] == len(first)},
	}
	for _, tt := range tests {
		if !tt.ok {
			t.Errorf("%s: statuses %v", tt.name, count)
		}
	}
}
