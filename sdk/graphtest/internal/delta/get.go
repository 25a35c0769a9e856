package delta

import (
	"net/http"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// ServeGetUser answers GET /users/{id | userPrincipalName} with $select.
func (e *Engine) ServeGetUser(w http.ResponseWriter, r *http.Request, base, idOrUPN string) {
	odata.SetRequestHeaders(w, r)
	sel, _, oerr := parseSelect(Directory, tenant.UserSchema, r.URL.Query().Get("$select"))
	if oerr != nil {
		odata.WriteError(w, r, oerr)
		return
	}
	e.tenant.RLock()
	defer e.tenant.RUnlock()
	id, ok := e.tenant.ResolveUser(idOrUPN)
	if !ok {
		odata.WriteError(w, r, &odata.Error{Status: http.StatusNotFound, Code: "Request_ResourceNotFound",
			Message: "Resource '" + idOrUPN + "' does not exist or one of its queried reference-property objects are not present."})
		return
	}
	o, _ := e.tenant.Users.Lookup(id)
	writeEntity(w, base+"/$metadata#users/$entity", renderItem(nil, tenant.UserSchema, o, tenant.Mask(sel), nil, false))
}

// ServeFolders answers GET /users/{id}/{mailFolders|contactFolders}
// (folder "") and GET /users/{id}/{collection}/{id | well-known name}.
func (e *Engine) ServeFolders(w http.ResponseWriter, r *http.Request, base string, target Target) {
	odata.SetRequestHeaders(w, r)
	e.tenant.RLock()
	defer e.tenant.RUnlock()
	ft, oerr := e.tree(target)
	if oerr != nil {
		odata.WriteError(w, r, oerr)
		return
	}
	k := target.kind()
	s := k.Folder
	all := tenant.Mask(s.DefaultMask())
	context := base + "/$metadata#users('" + target.UserID + "')/" + k.Collection
	if target.Folder == "" {
		// Like Graph, the plain list holds the top-level folders only (the
		// children of the tree's root); the delta query returns the whole
		// tree.
		var items [][]byte
		for i := 0; i < ft.Folders.Len(); i++ {
			if f := ft.Folders.At(i); f.Live() && e.topLevel(ft, f) {
				items = append(items, renderItem(nil, s, f, all, nil, false))
			}
		}
		writeCollection(w, context, "", items)
		return
	}
	id, ok := ft.ResolveFolder(target.Folder)
	if !ok {
		odata.WriteError(w, r, folderNotFound())
		return
	}
	f, _ := ft.Folders.Lookup(id)
	writeEntity(w, context+"/$entity", renderItem(nil, s, f, all, nil, false))
}

// topLevel reports whether a folder shows in a tree's plain list: a
// child of the root, or of no live folder; the root itself when it is a
// folder of the tree only with Options.ListDefaultContactFolder.
func (e *Engine) topLevel(ft *tenant.FolderTree, f *tenant.Object) bool {
	if f.ID == ft.Root {
		return e.options().ListDefaultContactFolder
	}
	parent := strings.Trim(string(f.Value(ft.Kind.FolderParentIndex())), `"`)
	pf, isChild := ft.Folders.Lookup(parent)
	return parent == ft.Root || !(isChild && pf.Live())
}

// ServeChildFolders answers GET /users/{id}/{collection}/{id}/childFolders:
// the folder's direct child folders, in one page.
func (e *Engine) ServeChildFolders(w http.ResponseWriter, r *http.Request, base string, target Target) {
	odata.SetRequestHeaders(w, r)
	e.tenant.RLock()
	defer e.tenant.RUnlock()
	ft, oerr := e.tree(target)
	if oerr != nil {
		odata.WriteError(w, r, oerr)
		return
	}
	id, ok := ft.ResolveFolder(target.Folder)
	if !ok {
		odata.WriteError(w, r, folderNotFound())
		return
	}
	k := target.kind()
	all := tenant.Mask(k.Folder.DefaultMask())
	parent := tenant.AppendString(nil, id)
	var items [][]byte
	for i := 0; i < ft.Folders.Len(); i++ {
		if f := ft.Folders.At(i); f.Live() && string(f.Value(k.FolderParentIndex())) == string(parent) {
			items = append(items, renderItem(nil, k.Folder, f, all, nil, false))
		}
	}
	writeCollection(w, base+"/$metadata#users('"+target.UserID+"')/"+k.Collection+"('"+id+"')/childFolders", "", items)
}

// tree returns the target's tree in its user's mailbox.
func (e *Engine) tree(target Target) (*tenant.FolderTree, *odata.Error) {
	m, ok := e.tenant.Mailbox(target.UserID)
	if !ok {
		return nil, mailboxNotFound()
	}
	return m.Tree(target.kind()), nil
}

func writeEntity(w http.ResponseWriter, context string, item []byte) {
	b := append([]byte(`{"@odata.context":`), tenant.AppendString(nil, context)...)
	b = append(b, ',')
	b = append(b, item[1:]...)
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal;charset=utf-8")
	_, _ = w.Write(b)
}
