package delta

import "github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"

// incremental fills a page of a round that returns the changes in
// (From, Upper]. Each object is shown once, at its first log entry in range,
// with its current values.
func (p *pager) incremental() {
	if p.st.Cursor <= p.st.From {
		p.st.Cursor = p.st.From + 1
	}
	for p.st.Cursor <= p.st.Upper {
		if p.full() {
			p.out.next = p.st
			return
		}
		if p.capped() {
			break
		}
		entry := p.coll.Log(p.st.Cursor)
		o := p.coll.At(int(entry.Object))
		if entry.Prev > p.st.From || (p.ids != nil && !p.ids[o.ID]) {
			p.st.Cursor++
			continue
		}
		if !p.change(o) {
			p.out.next = p.st
			return
		}
		p.st.Cursor++
	}
}

// change renders an object's change if the query wants it; it reports
// false when the object's relationships continue on the next page.
func (p *pager) change(o *tenant.Object) bool {
	q := &p.st.Query
	from := p.st.From
	if p.hidden != "" && o.ID == p.hidden {
		return true
	}
	if p.parent != nil && p.viewChange(o) {
		return true
	}
	if !o.Live() {
		if q.ChangeType == "" || q.ChangeType == "deleted" {
			p.addRemoved(o)
		}
		return true
	}
	created := o.Created > from
	switch {
	case q.ChangeType == "deleted",
		q.ChangeType == "created" && !created,
		q.ChangeType == "updated" && created,
		!p.matchesReceived(o):
		return true
	}
	sel := tenant.Mask(q.Select)
	if created {
		return p.add(o, sel, true)
	}
	var changed tenant.Mask
	for i := range p.coll.Schema.Props {
		if sel.Has(i) && o.ChangedAt(i) > from {
			changed = changed.With(i)
		}
	}
	if changed == 0 {
		return true
	}
	props := sel
	switch {
	case p.minimal:
		props = changed
	case p.partial:
		// Graph's observed form: the id, what changed and the parent.
		props = changed.With(parentIndex(p.coll.Schema))
	}
	return p.add(o, props, false)
}

// parentIndex is the index of an Outlook folder's or item's
// parentFolderId.
func parentIndex(s *tenant.Schema) int { return s.MustIndex("parentFolderId") }
