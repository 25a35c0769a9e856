package graph

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
)

// The repeated-page detector's constants.
const (
	// maxRepeatedPages is how many pages in a row may each carry the items
	// of one of the repeatMemory pages before them; the next one ends the
	// round with ErrLoop. Graph repeats items within a round (the same
	// user on two pages), but not whole pages several times in a row.
	maxRepeatedPages = 3
	// repeatMemory is how many of the last pages a page is compared with,
	// so that a loop over two or more pages is caught too.
	repeatMemory = 4
)

// pageRepeats catches a paging loop that the repeated-link check cannot:
// Graph has been seen answering calendarView/delta's nextLinks with the
// same page again and again, each time with a new nextLink and never a
// deltaLink (msgraph-sdk-dotnet #3082; #3070 with recurring events and a
// small odata.maxpagesize). Unchecked, such a round reads up to
// Options.MaxPages pages, spends the mailbox's request budget and writes
// the same rows over and over.
//
// A page is summed as the multiset of its items' bytes (a seeded hash of
// each item, added and xored, and the count), so the same items in
// another order are the same page; a page without items is neither a
// repeat nor a break in a run of them (Graph sends empty pages with
// nextLinks). The cost is a hash of each item's bytes.
type pageRepeats struct {
	seed maphash.Seed
	// recent are the sums of the last pages with items, newest at
	// (next-1) mod repeatMemory; kept counts them.
	recent     [repeatMemory]pageSum
	next, kept int
	// run is how many pages in a row repeated a recent one.
	run int
}

// pageSum is a page's items summed, in any order.
type pageSum struct {
	count    int
	sum, xor uint64
}

// newPageRepeats returns a detector for one round, hashing with the
// Client's seed.
func newPageRepeats(seed maphash.Seed) pageRepeats { return pageRepeats{seed: seed} }

// see takes page n's items and fails with ErrLoop once more than
// maxRepeatedPages pages in a row repeated one of the repeatMemory pages
// before them.
func (p *pageRepeats) see(items []json.RawMessage, n int) error {
	if len(items) == 0 {
		return nil
	}
	s := pageSum{count: len(items)}
	for _, it := range items {
		h := maphash.Bytes(p.seed, it)
		s.sum += h
		s.xor ^= h
	}
	repeated := false
	for i := range p.kept {
		if p.recent[i] == s {
			repeated = true
			break
		}
	}
	if !repeated {
		p.run = 0
	} else if p.run++; p.run > maxRepeatedPages {
		return fmt.Errorf("%w: pages %d to %d each repeated the %d items of a page before them, with a new nextLink every time and no deltaLink: Graph is serving the same page in a loop (seen on calendarView/delta with recurring events, where a larger page_size has avoided it); the round stops, and the stream keeps its last deltaLink",
			ErrLoop, n-p.run+1, n, s.count)
	}
	p.recent[p.next] = s
	p.next = (p.next + 1) % repeatMemory
	p.kept = min(p.kept+1, repeatMemory)
	return nil
}
