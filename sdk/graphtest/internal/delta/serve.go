package delta

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// Serve answers one delta request. base is the service root that links
// start with, e.g. "https://127.0.0.1:8443/v1.0".
func (e *Engine) Serve(w http.ResponseWriter, r *http.Request, target Target, base string) {
	odata.SetRequestHeaders(w, r)
	prefer := odata.ParsePrefer(r.Header)
	st, latest, oerr := e.start(r, target, prefer, base)
	if oerr != nil {
		odata.WriteError(w, r, oerr)
		return
	}
	opts := e.options()
	e.tenant.RLock()
	pg, oerr := e.build(r, st, target, prefer, latest, opts)
	e.tenant.RUnlock()
	if oerr != nil {
		odata.WriteError(w, r, oerr)
		return
	}
	e.write(w, r, st, pg, prefer, base, target)
}

// start turns the request's tokens or query options into the round state.
// latest reports a "$deltatoken=latest" request.
func (e *Engine) start(r *http.Request, target Target, prefer odata.Prefer, base string) (*state, bool, *odata.Error) {
	v := r.URL.Query()
	res := target.Resource
	schema, ok := e.schema(target)
	if !ok {
		return nil, false, &odata.Error{Status: http.StatusBadRequest, Code: "BadRequest",
			Message: "Resource not found for the segment '" + target.Path + "'."}
	}
	if _, ok := v["$skiptoken"]; ok {
		if v.Get("$select") != "" {
			return nil, false, badRequest(res, "$select is not supported together with $skiptoken.")
		}
		st, oerr := e.resume(v.Get("$skiptoken"), "$skiptoken", false, target, prefer, base)
		return st, false, oerr
	}
	dt, hasDelta := v["$deltatoken"]
	switch {
	case hasDelta && dt[0] == "latest" && !res.outlook():
		q, oerr := parseQuery(target, schema, v)
		return &state{Query: q}, true, oerr
	case hasDelta && dt[0] == "latest":
		// Outlook ignores "sync from now": the round returns everything.
		delete(v, "$deltatoken")
	case hasDelta && dt[0] != "":
		st, oerr := e.resume(dt[0], "$deltatoken", true, target, prefer, base)
		if oerr != nil {
			return nil, false, oerr
		}
		if sel := v.Get("$select"); sel != "" {
			if res.outlook() {
				return nil, false, badRequest(res, "$select cannot be changed on a deltaLink of this resource.")
			}
			mask, _, oerr := parseSelect(res, schema, sel)
			if oerr != nil {
				return nil, false, oerr
			}
			st.Query.Select, st.Query.Explicit = mask, true
		}
		st.Delta, st.Initial, st.Cursor, st.Sent, st.Page, st.fresh = false, false, 0, 0, 0, true
		return st, false, nil
	}
	q, oerr := parseQuery(target, schema, v)
	if oerr != nil {
		return nil, false, oerr
	}
	q.ImmutableID = res.outlook() && prefer.ImmutableID
	q.TopLevel = res == Folders && target.Folder == "" && e.options().TopLevelFolders
	return &state{Query: q, Initial: true, fresh: true}, false, nil
}

// resume opens a token and checks that it may be used here and now.
func (e *Engine) resume(token, param string, wantDelta bool, target Target, prefer odata.Prefer, base string) (*state, *odata.Error) {
	res := target.Resource
	st, err := e.codec.open(token)
	if err != nil || st.Delta != wantDelta || st.Query.Resource != res || st.Query.Path != target.Path || st.Query.UserID != target.UserID ||
		st.Query.Tree != target.Tree {
		return nil, badToken(res, param)
	}
	if st.Epoch != e.epoch {
		return nil, syncError(res, ModeSyncStateNotFound, "")
	}
	if mode := e.expiry(st.Issued); mode != "" {
		return nil, syncError(res, mode, restartURL(base, target, st.Query, e.options().LocationWithoutQuery))
	}
	if res.outlook() && prefer.ImmutableID != st.Query.ImmutableID {
		return nil, syncError(res, ModeSyncStateInvalid, "")
	}
	return st, nil
}

// restartURL is the Location of a sync reset: the first request again, with
// an empty $deltatoken; bare drops the first request's query options.
func restartURL(base string, target Target, q Query, bare bool) string {
	var b strings.Builder
	b.WriteString(base + "/" + target.path(q.FolderID) + "?")
	for _, kv := range q.Raw {
		if bare {
			break
		}
		b.WriteString(kv[0] + "=" + url.QueryEscape(kv[1]) + "&")
	}
	b.WriteString("$deltatoken=")
	return b.String()
}

// build resolves the collection and fills the page; the caller holds the
// tenant's read lock.
func (e *Engine) build(r *http.Request, st *state, target Target, prefer odata.Prefer, latest bool, opts Options) (page, *odata.Error) {
	coll, oerr := e.collection(st, target)
	if oerr != nil {
		return page{}, oerr
	}
	if latest {
		st.Upper = coll.Seq()
		return page{}, nil
	}
	if st.fresh {
		st.Upper, st.End = coll.Seq(), uint32(coll.Len())
	}
	p := &pager{coll: coll, st: st, size: opts.DirectoryPageSize, linkRoom: opts.LinksPerPage, minimal: prefer.ReturnMinimal && !target.Resource.outlook(),
		partial: opts.OutlookPartialUpdates && target.Resource.outlook()}
	if oerr := e.folderView(p, target); oerr != nil {
		return page{}, oerr
	}
	if target.Resource.outlook() {
		p.size = opts.OutlookPageSize
		if prefer.MaxPageSize > 0 {
			p.size = min(prefer.MaxPageSize, opts.OutlookMaxPageSize)
		}
	}
	p.removals = opts.InitialRemovals && !target.Resource.outlook()
	q := &st.Query
	p.cap = q.Top
	if q.ReceivedOp != "" && (p.cap == 0 || p.cap > opts.FilteredMessageCap) {
		p.cap = opts.FilteredMessageCap
	}
	if len(q.IDs) > 0 {
		p.ids = map[string]bool{}
		for _, id := range q.IDs {
			p.ids[id] = true
		}
	}
	if e.fires(FaultEmptyPage, r) {
		return page{next: st}, nil
	}
	var again *state // where this page starts, before the pager moves st on
	if e.fires(FaultRepeatPage, r) {
		a := *st
		again = &a
	}
	bp := e.bufs.Get().(*[]byte)
	p.buf = (*bp)[:0]
	if st.Initial {
		p.initial()
	} else {
		p.incremental()
	}
	if again != nil {
		// The page as it is, and a nextLink (minted afresh, so each
		// differs) that serves it again, never a deltaLink.
		p.out.next = again
	}
	*bp = p.buf
	p.out.buf = bp
	return p.out, nil
}

// collection finds the collection a state addresses, resolving a folder's
// well-known name on the first request.
func (e *Engine) collection(st *state, target Target) (*tenant.Collection, *odata.Error) {
	t := e.tenant
	if target.Resource == Directory {
		r, ok := t.Directory(target.Path)
		if !ok {
			return nil, &odata.Error{Status: http.StatusBadRequest, Code: "BadRequest",
				Message: "Resource not found for the segment '" + target.Path + "'."}
		}
		return r.Coll, nil
	}
	mb, ok := t.Mailbox(target.UserID)
	if !ok {
		return nil, mailboxNotFound()
	}
	m := mb.Tree(target.kind())
	if target.Resource == Folders {
		if target.Folder == "" {
			return m.Folders, nil
		}
		id, ok := m.ResolveFolder(target.Folder)
		switch {
		case !ok:
			return nil, folderNotFound()
		case st.Query.FolderID == "":
			st.Query.FolderID = id
		case id != st.Query.FolderID:
			return nil, badToken(target.Resource, "token")
		}
		return m.Folders, nil
	}
	if st.Query.FolderID == "" {
		id, ok := m.ResolveFolder(target.Folder)
		if !ok {
			return nil, folderNotFound()
		}
		st.Query.FolderID = id
	} else if id, ok := m.ResolveFolder(target.Folder); ok && id != st.Query.FolderID {
		return nil, badToken(target.Resource, "token")
	}
	msgs, ok := m.Items(st.Query.FolderID)
	if !ok {
		return nil, folderGone(st.Query.FolderID)
	}
	return msgs, nil
}
