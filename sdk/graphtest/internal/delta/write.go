package delta

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// write renders the page's envelope: context, one of the two links (or both,
// or the deltaLink under nextLink, when a fault says so), and the items.
func (e *Engine) write(w http.ResponseWriter, r *http.Request, st *state, pg page, prefer odata.Prefer, base string, target Target) {
	items := pg.items
	if len(items) > 1 && e.fires(FaultShuffle, r) {
		items = append([][]byte(nil), items...)
		rand.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	}
	if len(items) > 0 && e.fires(FaultDuplicate, r) {
		items = append(items, items[:min(2, len(items))]...)
	}
	bp := e.bufs.Get().(*[]byte)
	b := (*bp)[:0]
	b = append(b, `{"@odata.context":`...)
	b = tenant.AppendString(b, e.context(base, st, target))
	linkPath := base + "/" + target.path(st.Query.FolderID)
	if pg.next != nil {
		b = append(b, `,"@odata.nextLink":`...)
		b = tenant.AppendString(b, linkPath+"?$skiptoken="+e.mint(pg.next, false))
		if e.fires(FaultBothLinks, r) {
			b = append(b, `,"@odata.deltaLink":`...)
			b = tenant.AppendString(b, linkPath+"?$deltatoken="+e.mintDelta(st))
		}
	} else {
		name := `,"@odata.deltaLink":`
		if e.fires(FaultBetaNextLink, r) {
			name = `,"@odata.nextLink":`
		}
		b = append(b, name...)
		b = tenant.AppendString(b, linkPath+"?$deltatoken="+e.mintDelta(st))
	}
	b = append(b, `,"value":[`...)
	b = append(appendItems(b, items), '}')
	h := w.Header()
	h.Set("Content-Type", odata.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	if applied := applied(prefer, target.Resource, e.options().OutlookMaxPageSize); applied != "" {
		h.Set("Preference-Applied", applied)
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	*bp = b
	e.bufs.Put(bp)
	if pg.buf != nil {
		e.bufs.Put(pg.buf)
	}
}

// mint seals the state of the next page.
func (e *Engine) mint(next *state, delta bool) string {
	s := *next
	s.Epoch, s.Issued, s.Delta = e.epoch, e.options().Now().UnixNano(), delta
	s.Page++
	return e.codec.seal(&s)
}

// mintDelta seals the deltaLink of a round: the next round returns the
// changes after this round's pinned sequence number.
func (e *Engine) mintDelta(st *state) string {
	return e.mint(&state{Query: st.Query, From: st.Upper}, true)
}

// context returns @odata.context: the selected properties are named on the
// first page of the first round, when it had an explicit $select.
func (e *Engine) context(base string, st *state, target Target) string {
	s, _ := e.schema(target)
	ctx := base + "/$metadata#" + s.EntitySet
	if !st.fresh || !st.Initial || !st.Query.Explicit || s.Outlook {
		return ctx
	}
	var names []string
	for i, p := range s.Props {
		if tenant.Mask(st.Query.Select).Has(i) {
			names = append(names, p.Name)
		}
	}
	return ctx + "(" + strings.Join(names, ",") + ")"
}

// applied lists the preferences the response honoured.
func applied(p odata.Prefer, r Resource, maxPageSize int) string {
	var out []string
	if p.MaxPageSize > 0 && r.outlook() {
		out = append(out, "odata.maxpagesize="+strconv.Itoa(min(p.MaxPageSize, maxPageSize)))
	}
	if p.ReturnMinimal && !r.outlook() {
		out = append(out, "return=minimal")
	}
	if p.ImmutableID && r.outlook() {
		out = append(out, `IdType="ImmutableId"`)
	}
	return strings.Join(out, ", ")
}

// appendItems appends the rendered items, comma-separated, and closes the
// value array.
func appendItems(b []byte, items [][]byte) []byte {
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	return append(b, ']')
}
