package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
	"testing"
)

func TestPageRepeatsEndsOnlyALoop(t *testing.T) {
	a := []json.RawMessage{json.RawMessage(`{"id":"1"}`), json.RawMessage(`{"id":"2"}`)}
	aShuffled := []json.RawMessage{a[1], a[0]}
	b := []json.RawMessage{json.RawMessage(`{"id":"3"}`)}
	c := []json.RawMessage{json.RawMessage(`{"id":"1"}`), json.RawMessage(`{"id":"2","x":1}`)}
	d := []json.RawMessage{json.RawMessage(`{"id":"4"}`)}
	var empty []json.RawMessage
	tests := []struct {
		name  string
		pages [][]json.RawMessage
		// failAt is the page (from 1) that ends the round, 0 for none.
		failAt int
	}{
		{"distinct pages", [][]json.RawMessage{a, b, c, d}, 0},
		{"a page again three times is passed on", [][]json.RawMessage{a, a, a, a, b}, 0},
		{"the fourth repeat in a row ends the round", [][]json.RawMessage{b, a, a, a, a, a}, 6},
		{"the same items in another order are the same page", [][]json.RawMessage{a, aShuffled, a, aShuffled, a}, 5},
		{"a loop over two pages", [][]json.RawMessage{a, b, a, b, a, b}, 6},
		{"empty pages neither repeat nor break a run", [][]json.RawMessage{a, empty, a, empty, empty, a, a, a}, 8},
		{"a changed item is another page", [][]json.RawMessage{a, a, a, a, c}, 0},
		{"a fresh page breaks the run", [][]json.RawMessage{a, a, a, a, d, a, a, a}, 0},
		{"a page out of memory is no repeat", [][]json.RawMessage{a, b, c, d, []json.RawMessage{json.RawMessage(`5`)}, a, a, a, a}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPageRepeats(maphash.MakeSeed())
			failed := 0
			for i, items := range tt.pages {
				if err := p.see(items, i+1); err != nil {
					if !errors.Is(err, ErrLoop) || !strings.Contains(err.Error(), "the same page in a loop") {
						t.Fatalf("page %d: %v; want an ErrLoop naming the loop", i+1, err)
					}
					failed = i + 1
					break
				}
			}
			if failed != tt.failAt {
				t.Fatalf("the round ended at page %d, want %d (0: never)", failed, tt.failAt)
			}
		})
	}
}

// BenchmarkPageRepeats is the detector's cost on a page of 200 users of
// about 340 bytes each, as the users round reads them: go test
// ./sdk/graph -run '^$' -bench BenchmarkPageRepeats.
func BenchmarkPageRepeats(b *testing.B) {
	page := make([]json.RawMessage, 200)
	for i := range page {
		page[i] = json.RawMessage(fmt.Sprintf(`{"id":"%08d-1b2c-4d5e-8f90-%012d","displayName":"User %d","givenName":"Given","surname":"Surname %d","userPrincipalName":"user%d@contoso.example","mail":"user%d@contoso.example","jobTitle":"Engineer","department":"Research","officeLocation":"Building %d","mobilePhone":"+1 555 %07d","accountEnabled":true}`, i, i, i, i, i, i, i%40, i))
	}
	p := newPageRepeats(maphash.MakeSeed())
	b.SetBytes(int64(len(page[0]) * len(page)))
	b.ResetTimer()
	for i := range b.N {
		_ = p.see(page[i%2:], i) // two pages in turn, neither a loop
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(page)), "ns/item")
}
