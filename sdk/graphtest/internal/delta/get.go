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

// ServeFolders answers GET /users/{id}/mailFolders (folder "") and
// GET /users/{id}/mailFolders/{id | well-known name}.
func (e *Engine) ServeFolders(w http.ResponseWriter, r *http.Request, base, userID, folder string) {
	odata.SetRequestHeaders(w, r)
	e.tenant.RLock()
	defer e.tenant.RUnlock()
	m, ok := e.tenant.Mailbox(userID)
	if !ok {
		odata.WriteError(w, r, mailboxNotFound())
		return
	}
	s := tenant.FolderSchema
	all := tenant.Mask(s.DefaultMask())
	if folder == "" {
		// Like Graph, the plain list holds the top-level folders only; the
		// delta query returns the whole tree.
		parent := s.MustIndex("parentFolderId")
		var items [][]byte
		for i := 0; i < m.Folders.Len(); i++ {
			f := m.Folders.At(i)
			pf, isChild := m.Folders.Lookup(strings.Trim(string(f.Value(parent)), `"`))
			if f.Live() && !(isChild && pf.Live()) {
				items = append(items, renderItem(nil, s, f, all, nil, false))
			}
		}
		writeCollection(w, base+"/$metadata#users('"+userID+"')/mailFolders", "", items)
		return
	}
	id, ok := m.ResolveFolder(folder)
	if !ok {
		odata.WriteError(w, r, folderNotFound())
		return
	}
	f, _ := m.Folders.Lookup(id)
	writeEntity(w, base+"/$metadata#users('"+userID+"')/mailFolders/$entity", renderItem(nil, s, f, all, nil, false))
}

// ServeChildFolders answers GET /users/{id}/mailFolders/{id}/childFolders:
// the folder's direct child folders, in one page.
func (e *Engine) ServeChildFolders(w http.ResponseWriter, r *http.Request, base, userID, folder string) {
	odata.SetRequestHeaders(w, r)
	e.tenant.RLock()
	defer e.tenant.RUnlock()
	m, ok := e.tenant.Mailbox(userID)
	if !ok {
		odata.WriteError(w, r, mailboxNotFound())
		return
	}
	id, ok := m.ResolveFolder(folder)
	if !ok {
		odata.WriteError(w, r, folderNotFound())
		return
	}
	s := tenant.FolderSchema
	all := tenant.Mask(s.DefaultMask())
	parent := tenant.AppendString(nil, id)
	var items [][]byte
	for i := 0; i < m.Folders.Len(); i++ {
		if f := m.Folders.At(i); f.Live() && string(f.Value(folderParent)) == string(parent) {
			items = append(items, renderItem(nil, s, f, all, nil, false))
		}
	}
	writeCollection(w, base+"/$metadata#users('"+userID+"')/mailFolders('"+id+"')/childFolders", "", items)
}

func writeEntity(w http.ResponseWriter, context string, item []byte) {
	b := append([]byte(`{"@odata.context":`), tenant.AppendString(nil, context)...)
	b = append(b, ',')
	b = append(b, item[1:]...)
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal;charset=utf-8")
	_, _ = w.Write(b)
}
