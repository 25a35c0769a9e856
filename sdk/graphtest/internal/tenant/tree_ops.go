package tenant

import "fmt"

// createFolder adds a folder named name under the folder pid.
func (t *Tenant) createFolder(ft *FolderTree, pid, name string) string {
	f := ft.Kind.newFolder(outlookID(ft.Kind.IDPrefix, t.serialOf(ft.Kind)), name, pid)
	ft.addFolder(f, true)
	t.bumpChildCount(ft, pid, 1, true)
	return f.ID
}

// newFolder returns a folder object of the kind.
func (k *TreeKind) newFolder(id, name, parent string) *Object {
	b := newBuilder(k.Folder).set("displayName", jstr(name)).set("parentFolderId", jstr(parent))
	if k == MailTree {
		b = b.set("childFolderCount", jint(0)).set("unreadItemCount", jint(0)).set("totalItemCount", jint(0)).
			set("isHidden", jbool(false))
	}
	return b.object(id)
}

// deleteFolder deletes a folder, its child folders and all their items.
func (t *Tenant) deleteFolder(ft *FolderTree, fid string) {
	f, _ := ft.Folders.Lookup(fid)
	parent := strValue(f.Value(ft.Kind.folderParent))
	ft.dropFolderTree(fid)
	t.bumpChildCount(ft, parent, -1, true)
}

func (ft *FolderTree) dropFolderTree(fid string) {
	for i := 0; i < ft.Folders.Len(); i++ {
		child := ft.Folders.At(i)
		if child.Live() && strValue(child.Value(ft.Kind.folderParent)) == fid {
			ft.dropFolderTree(child.ID)
		}
	}
	items := ft.items[fid]
	for i := 0; i < items.Len(); i++ {
		o := items.At(i)
		if o.Live() {
			delete(ft.itemFolder, o.ID)
			delete(ft.alias, o.AltID)
		}
	}
	delete(ft.items, fid)
	f, _ := ft.Folders.Lookup(fid)
	ft.Folders.remove(f, ReasonDeleted)
}

// moveFolder moves folder fid, with its child folders and items, under
// the folder pid. Its id stays; the counts of both parents change.
func (t *Tenant) moveFolder(ft *FolderTree, fid, pid, name string) error {
	f, _ := ft.Folders.Lookup(fid)
	from := strValue(f.Value(ft.Kind.folderParent))
	switch {
	case pid == from:
		return fmt.Errorf("%w: folder %s is already under %s", ErrInvalid, fid, name)
	case ft.within(pid, fid):
		return fmt.Errorf("%w: folder %s cannot move under itself or its own child folder %s", ErrInvalid, fid, name)
	}
	ft.Folders.update(f, map[int][]byte{ft.Kind.folderParent: jstr(pid)})
	t.bumpChildCount(ft, from, -1, true)
	t.bumpChildCount(ft, pid, 1, true)
	return nil
}

// item finds a live item of the tree by either id form.
func (ft *FolderTree) item(id string) (*Collection, *Object, bool) {
	imm, ok := ft.ItemID(id)
	if !ok {
		return nil, nil, false
	}
	items := ft.items[ft.itemFolder[imm]]
	o, _ := items.Lookup(imm)
	return items, o, true
}

// updateItem sets properties of an item, with a new change key and
// modification time.
func (t *Tenant) updateItem(ft *FolderTree, items *Collection, o *Object, frags map[int][]byte) {
	frags[ft.Kind.itemModified] = jstr(FormatTime(t.now()))
	frags[ft.Kind.itemChangeKey] = jstr(changeKey(o.ID, o.Version+1))
	items.update(o, frags)
	t.refreshCounts(ft, ft.itemFolder[o.ID], true)
}

// deleteItem deletes an item for good.
func (t *Tenant) deleteItem(ft *FolderTree, items *Collection, o *Object) {
	fid := ft.itemFolder[o.ID]
	items.remove(o, ReasonDeleted)
	delete(ft.itemFolder, o.ID)
	delete(ft.alias, o.AltID)
	t.refreshCounts(ft, fid, true)
}

// moveItem moves an item to folder dest of the same tree. The old
// folder's delta reports it removed, the new folder's reports it added.
// Its immutable id stays; its REST id changes, and is returned.
func (t *Tenant) moveItem(ft *FolderTree, items *Collection, o *Object, dest string) (string, error) {
	from := ft.itemFolder[o.ID]
	if dest == from {
		return "", fmt.Errorf("%w: item %s is already in folder %s", ErrInvalid, o.ID, dest)
	}
	items.remove(o, ReasonDeleted)
	delete(ft.alias, o.AltID)
	moved := &Object{ID: o.ID, AltID: outlookID(ft.Kind.IDPrefix, t.serialOf(ft.Kind), 1), Version: o.Version + 1}
	moved.enc, moved.ends = o.enc, o.ends
	moved.overwrite(map[int][]byte{ft.Kind.itemParent: jstr(dest), ft.Kind.itemModified: jstr(FormatTime(t.now())),
		ft.Kind.itemChangeKey: jstr(changeKey(o.ID, moved.Version))})
	// The removed object keeps its place in the old folder's log, so the new
	// folder holds a fresh object under the same immutable id.
	ft.items[dest].insertMoved(moved)
	ft.itemFolder[o.ID], ft.alias[moved.AltID] = dest, o.ID
	t.refreshCounts(ft, from, true)
	t.refreshCounts(ft, dest, true)
	return moved.AltID, nil
}

// insertMoved adds an object that may have lived here before (moved back):
// the old entry keeps its index, and the id now points at the new one.
func (c *Collection) insertMoved(o *Object) {
	c.byID[o.ID] = int32(len(c.objects))
	c.objects = append(c.objects, o)
	o.Created = c.record(o)
}
