package drive

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// cursor is what a token carries: the changes after Since up to Upto (a
// round's snapshot), the last entry served (After, on nextLinks), and the
// drive's resync generation.
type cursor struct {
	Drive string `json:"d"`
	Since int64  `json:"s"`
	Upto  int64  `json:"u,omitempty"`
	After string `json:"a,omitempty"`
	Gen   int    `json:"g"`
	Page  int    `json:"p,omitempty"`
}

func encode(c cursor) string {
	return base64.RawURLEncoding.EncodeToString(mustJSON(c))
}

func decode(tok string) (cursor, bool) {
	var c cursor
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	return c, err == nil && json.Unmarshal(raw, &c) == nil && c.Drive != ""
}

// entry is one item of a round's feed, with its place in the order.
type entry struct {
	key string
	it  *Item
	old bool // the item's previous version (Quirks.Repeats)
}

// ServeDelta answers GET …/root/delta for the drive: a first round
// (no token), token=latest, or the pages after a token.
func (s *Store) ServeDelta(w http.ResponseWriter, r *http.Request, driveID, base string) {
	odata.SetRequestHeaders(w, r)
	q := r.URL.Query()
	s.mu.RLock()
	defer s.mu.RUnlock()
	d := s.drives[driveID]
	if d == nil {
		odata.WriteError(w, r, &odata.Error{Status: http.StatusNotFound, Code: "itemNotFound", Message: "The drive " + driveID + " does not exist."})
		return
	}
	first := base + "/drives/" + url.PathEscape(d.ID) + "/root/delta"
	c := cursor{Drive: d.ID, Upto: s.seq, Gen: d.gen}
	switch tok := q.Get("token"); {
	case tok == "latest":
		s.writePage(w, first, nil, "", encode(cursor{Drive: d.ID, Since: s.seq, Gen: d.gen}))
		return
	case tok != "":
		var ok bool
		if c, ok = decode(tok); !ok || c.Drive != d.ID {
			odata.WriteError(w, r, &odata.Error{Status: http.StatusBadRequest, Code: "invalidRequest", Message: "Invalid token: " + strconv.Quote(tok) + " is not a delta token of this drive."})
			return
		}
		if c.Gen != d.gen {
			odata.WriteError(w, r, &odata.Error{Status: http.StatusGone, Code: "resyncRequired",
				Message: "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
				Header:  http.Header{"Location": {first}}, Inner: map[string]string{"code": d.resync}})
			return
		}
		if c.Upto == 0 { // a deltaLink: this round's snapshot is now
			c.Upto = s.seq
		}
	}
	size := s.opts.PageSize
	if top, err := strconv.Atoi(q.Get("$top")); err == nil && top > 0 {
		size = min(top, 1000)
	}
	feed := s.feed(d, c, r.Header.Get("deltaExcludeParent") != "")
	i := sort.Search(len(feed), func(i int) bool { return feed[i].key > c.After })
	end := min(len(feed), i+size)
	var sel []string
	if v := q.Get("$select"); v != "" {
		sel = strings.Split(v, ",")
	}
	agg := d.aggregate()
	page := make([]json.RawMessage, 0, end-i)
	for _, e := range feed[i:end] {
		var v map[string]any
		switch {
		case e.old:
			v = s.itemJSON(d, e.it, s.opts.Quirks.ParentPath, agg)
		case e.it.Deleted:
			v = s.deletedJSON(d, e.it)
		default:
			v = s.itemJSON(d, e.it, s.opts.Quirks.ParentPath, agg)
		}
		page = append(page, mustJSON(selectFields(v, sel)))
	}
	deltaTok := encode(cursor{Drive: d.ID, Since: c.Upto, Gen: d.gen})
	if end < len(feed) {
		next := c
		next.After, next.Page = feed[end-1].key, c.Page+1
		nextTok := encode(next)
		if !s.opts.Quirks.NextAndDelta {
			deltaTok = ""
		}
		s.writePage(w, first, page, nextTok, deltaTok)
		return
	}
	s.writePage(w, first, page, "", deltaTok)
}

// feed lists a round's entries in order: for a first round (Since 0) the
// live items, else the items changed after Since (deletions included) with
// the folders above each changed item, as Graph includes them unless
// deltaExcludeParent is sent; only changes up to Upto, later ones come in
// the next round.
func (s *Store) feed(d *Drive, c cursor, excludeParents bool) []entry {
	var out []entry
	seen := map[string]bool{}
	add := func(it *Item, old bool) {
		k := fmt.Sprintf("%d|%03d|%s", b2i(!old), depth(d, it.ID), it.ID)
		out = append(out, entry{key: k, it: it, old: old})
	}
	for _, it := range d.items {
		switch {
		case it.Seq > c.Upto:
		case c.Since == 0 && it.Deleted && (it.Implied || !s.opts.Quirks.InitialDeletions):
		case it.Seq <= c.Since:
		case it.Deleted && it.Implied && it.implied <= c.Since && s.opts.Quirks.OmitDeletedChildren:
			// The client knew the item where it was when its folder went.
		default:
			if !seen[it.ID] {
				seen[it.ID] = true
				add(it, false)
			}
			if c.Since > 0 && s.opts.Quirks.Repeats && it.prev != nil && !it.Deleted {
				add(it.prev, true)
			}
			if c.Since == 0 || excludeParents || it.Deleted {
				continue
			}
			for p := d.items[it.ParentID]; p != nil && !p.Deleted && p.Seq <= c.Upto && !seen[p.ID]; p = d.items[p.ParentID] {
				seen[p.ID] = true
				add(p, false)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// writePage writes one delta page; links are the drive's delta URL with
// a token.
func (s *Store) writePage(w http.ResponseWriter, first string, items []json.RawMessage, next, delta string) {
	root, _, _ := strings.Cut(first, "/drives/")
	out := odata.Page[json.RawMessage]{Context: root + "/$metadata#Collection(driveItem)", Items: items}
	if next != "" {
		out.NextLink = first + "?token=" + next
	}
	if delta != "" {
		out.DeltaLink = first + "?token=" + delta
	}
	odata.WritePage(w, out)
}

// Resync makes every token of the drives (all when ids is empty) answer 410
// resyncRequired with code as the inner error code.
func (s *Store) Resync(code string, ids ...string) (int, error) {
	switch code {
	case "", "resyncChangesApplyDifferences", "resyncChangesUploadDifferences":
	default:
		return 0, fmt.Errorf("drive resync code %q: want resyncChangesApplyDifferences or resyncChangesUploadDifferences", code)
	}
	if code == "" {
		code = "resyncChangesApplyDifferences"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(ids) == 0 {
		ids = s.order
	}
	n := 0
	for _, id := range ids {
		d := s.drives[id]
		if d == nil {
			return n, fmt.Errorf("drive resync: no drive %q", id)
		}
		d.gen++
		d.resync = code
		n++
	}
	return n, nil
}
