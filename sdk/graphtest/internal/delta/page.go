package delta

import (
	"slices"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// page is one response of a round.
type page struct {
	// buf backs items; it returns to the pool once the page is written.
	buf   *[]byte
	items [][]byte
	// next is the state of the following page, nil when the round ended.
	next *state
}

// pager builds one page over a collection.
type pager struct {
	coll     *tenant.Collection
	st       *state
	size     int
	linkRoom int
	minimal  bool
	// partial renders an updated Outlook item as its changed properties
	// and parentFolderId (Options.OutlookPartialUpdates).
	partial bool
	// parent, when set, is the JSON parentFolderId of the folders the
	// round shows (see folderView); hidden, when set, is a folder it
	// never shows (a tree's root); folderParent is the index of a
	// folder's parentFolderId.
	parent       []byte
	hidden       string
	folderParent int
	cap          int // round cap on items (0: none)
	// removals shows removed objects as "@removed" items in a full round
	// too (Options.InitialRemovals).
	removals bool
	ids      map[string]bool
	buf      []byte
	out      page
}

func (p *pager) full() bool { return len(p.out.items) >= p.size || p.linkRoom <= 0 }

func (p *pager) capped() bool { return p.cap > 0 && p.st.Sent >= p.cap }

// add renders one object (resuming its relationships where the cursor says)
// and reports whether the object was finished on this page.
func (p *pager) add(o *tenant.Object, props tenant.Mask, fullLinks bool) bool {
	q := &p.st.Query
	s := p.coll.Schema
	var lists []linkSlice
	for i, prop := range s.Props {
		if prop.Link && tenant.Mask(q.Select).Has(i) {
			lists = append(lists, linkSlice{prop: i, items: linkItems(o, i, fullLinks, !p.st.Initial, p.st.From, p.st.Upper)})
		}
	}
	slices, used, more, nextProp, nextOff := sliceLinks(lists, p.st.LinkProp, p.st.LinkOff, p.linkRoom)
	start := len(p.buf)
	p.buf = renderItem(p.buf, s, o, props, slices, q.ImmutableID)
	p.out.items = append(p.out.items, p.buf[start:])
	p.linkRoom -= used
	if more {
		p.st.LinkProp, p.st.LinkOff = nextProp, nextOff
		return false
	}
	p.st.LinkProp, p.st.LinkOff = 0, 0
	p.st.Sent++
	return true
}

func (p *pager) addRemoved(o *tenant.Object) {
	start := len(p.buf)
	p.buf = renderRemoved(p.buf, p.coll.Schema, o, p.st.Query.ImmutableID)
	p.out.items = append(p.out.items, p.buf[start:])
	p.st.Sent++
}

// matchesReceived applies a message round's receivedDateTime filter.
func (p *pager) matchesReceived(o *tenant.Object) bool {
	q := &p.st.Query
	if q.ReceivedOp == "" {
		return true
	}
	v := strings.Trim(string(o.Value(receivedIndex)), `"`)
	if q.ReceivedOp == "gt" {
		return v > q.Received
	}
	return v >= q.Received
}

var receivedIndex = tenant.MessageSchema.MustIndex("receivedDateTime")

// initial fills a page of a full round.
func (p *pager) initial() {
	order := p.initialOrder()
	props := tenant.Mask(p.st.Query.Select)
	for int(p.st.Cursor) < order.len() {
		if p.full() {
			p.out.next = p.st
			return
		}
		if p.capped() {
			break
		}
		o := p.candidate(order.at(int(p.st.Cursor)))
		if o == nil || p.st.Query.ChangeType == "updated" || p.st.Query.ChangeType == "deleted" {
			if o == nil {
				p.initialRemoval(p.coll.At(order.at(int(p.st.Cursor))))
			}
			p.st.Cursor++
			continue
		}
		if !p.add(o, props, true) {
			p.out.next = p.st
			return
		}
		p.st.Cursor++
	}
	if len(p.out.items) > 0 && p.capped() && int(p.st.Cursor) < order.len() {
		// Graph ends a capped round with one more, empty page.
		p.st.Cursor = uint32(order.len())
		p.out.next = p.st
	}
}

// initialRemoval shows an object removed before the round began as an
// "@removed" item, when the engine shows removals in full rounds and the
// round asks for deletions.
func (p *pager) initialRemoval(o *tenant.Object) {
	ct := p.st.Query.ChangeType
	if p.removals && !o.Live() && o.Removed <= p.st.Upper && (ct == "" || ct == "deleted") {
		p.addRemoved(o)
	}
}

// walk is the sequence of object indexes a full round visits: positions
// 0..n-1, mapped through idx when the round is filtered or ordered.
type walk struct {
	idx []int
	n   int
}

func (w walk) len() int { return w.n }

func (w walk) at(k int) int {
	if w.idx == nil {
		return k
	}
	return w.idx[k]
}

// initialOrder returns the walk of a full round. Only $filter=id and
// $orderby need an explicit list; a plain round walks indexes directly, so a
// page costs the same however large the collection is.
func (p *pager) initialOrder() walk {
	q := &p.st.Query
	if len(q.IDs) > 0 {
		var out []int
		for _, id := range q.IDs {
			if i, ok := p.coll.IndexOf(id); ok {
				out = append(out, i)
			}
		}
		return walk{idx: out, n: len(out)}
	}
	if !q.Descending {
		return walk{n: int(p.st.End)}
	}
	out := make([]int, p.st.End)
	for i := range out {
		out[i] = i
	}
	slices.SortStableFunc(out, func(a, b int) int {
		return strings.Compare(string(p.coll.At(b).Value(receivedIndex)), string(p.coll.At(a).Value(receivedIndex)))
	})
	return walk{idx: out, n: len(out)}
}

// candidate returns the object at index i if a full round should show it.
func (p *pager) candidate(i int) *tenant.Object {
	o := p.coll.At(i)
	if !o.Live() || !p.matchesReceived(o) || !p.inView(o) {
		return nil
	}
	return o
}
