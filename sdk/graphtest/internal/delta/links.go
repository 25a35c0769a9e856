package delta

import "github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"

// linkItem is one entry of a "<prop>@delta" array.
type linkItem struct {
	id, typ string
	removed bool
}

// linkItems returns what a relationship contributes to an item: every link
// present at upper for a full rendering, or the net changes in (from, upper].
// A full rendering in an incremental round (an object restored since from)
// also reports removed the links present at from that are gone: Graph
// tracks link changes since the token, and a client that knew the object
// has no other way to learn them.
func linkItems(o *tenant.Object, prop int, full, incremental bool, from, upper uint32) []linkItem {
	if o.Links == nil || o.Links[prop] == nil {
		return nil
	}
	set := o.Links[prop]
	var out []linkItem
	if full {
		for i := 0; i < set.Len(); i++ {
			if l := set.Entry(i); l.LiveAt(upper) {
				out = append(out, linkItem{id: l.TargetID, typ: l.TargetType})
			}
		}
		if incremental {
			for _, c := range set.Changes(from, upper) {
				if !c.Present {
					out = append(out, linkItem{id: c.TargetID, typ: c.TargetType, removed: true})
				}
			}
		}
		return out
	}
	for _, c := range set.Changes(from, upper) {
		out = append(out, linkItem{id: c.TargetID, typ: c.TargetType, removed: !c.Present})
	}
	return out
}

// linkSlice is the part of one relationship rendered on this page.
type linkSlice struct {
	prop  int
	items []linkItem
}

// sliceLinks cuts an object's relationships to fit the page's link budget,
// resuming at (startProp, startOff). It returns the slices, the links used
// and, when the budget ran out first, where the next page resumes.
func sliceLinks(lists []linkSlice, startProp, startOff, budget int) (out []linkSlice, used int, more bool, nextProp, nextOff int) {
	for li := startProp; li < len(lists); li++ {
		items := lists[li].items
		off := 0
		if li == startProp {
			off = startOff
		}
		if off >= len(items) {
			continue
		}
		room := budget - used
		if room <= 0 {
			return out, used, true, li, off
		}
		end := min(len(items), off+room)
		out = append(out, linkSlice{prop: lists[li].prop, items: items[off:end]})
		used += end - off
		if end < len(items) {
			return out, used, true, li, end
		}
	}
	return out, used, false, 0, 0
}
