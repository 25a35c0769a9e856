package delta

import (
	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// folderView limits a folders round to the children of one folder: the
// folder a childFolders/delta request names, or the tree's root when the
// folders delta returns the top level only (Query.TopLevel). A tree whose
// root is one of its folders (the default Contacts folder) leaves the
// root out unless Options.ListDefaultContactFolder.
func (e *Engine) folderView(p *pager, target Target) *odata.Error {
	q := &p.st.Query
	if target.Resource != Folders {
		return nil
	}
	m, ok := e.tenant.Mailbox(target.UserID)
	if !ok {
		return mailboxNotFound()
	}
	ft := m.Tree(target.kind())
	p.folderParent = target.kind().FolderParentIndex()
	if !e.options().ListDefaultContactFolder {
		p.hidden = ft.Root
	}
	switch {
	case q.FolderID != "":
		p.parent = []byte(`"` + q.FolderID + `"`)
	case q.TopLevel:
		p.parent = tenant.AppendString(nil, ft.Root)
	}
	return nil
}

// inView reports whether a folder is in the round's view (always, when
// the round has none, but for a hidden root).
func (p *pager) inView(o *tenant.Object) bool {
	if p.hidden != "" && o.ID == p.hidden {
		return false
	}
	return p.parent == nil || string(o.Value(p.folderParent)) == string(p.parent)
}

// viewChange renders the change of a folder in a limited view: a folder
// that left it since From (moved elsewhere) is removed from it, one that
// entered it is shown whole, as new. done is false when the folder is
// in the view and was not moved: change renders it as usual.
func (p *pager) viewChange(o *tenant.Object) (done bool) {
	moved := o.ChangedAt(p.folderParent) > p.st.From && o.Created <= p.st.From
	switch {
	case !o.Live():
		if p.inView(o) || moved {
			p.addRemoved(o)
		}
		return true
	case !p.inView(o):
		if moved {
			p.addGone(o)
		}
		return true
	case moved:
		p.add(o, tenant.Mask(p.st.Query.Select), true)
		return true
	}
	return false
}

// addGone renders a live folder that left the view as removed.
func (p *pager) addGone(o *tenant.Object) {
	start := len(p.buf)
	p.buf = renderGone(p.buf, p.coll.Schema, o, p.st.Query.ImmutableID)
	p.out.items = append(p.out.items, p.buf[start:])
	p.st.Sent++
}
