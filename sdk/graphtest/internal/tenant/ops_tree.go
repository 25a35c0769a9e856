package tenant

import "fmt"

// The operations on a mailbox's folder tree of a kind (mail or personal
// contacts); the mail-named methods (CreateFolder, MoveMessage, …) are
// these on MailTree.

// TopLevel is the destination of MoveFolder that makes a folder a
// top-level one (a child of the tree's root folder).
const TopLevel = "msgfolderroot"

// CreateTreeFolder adds a folder named name to a tree under parent (an id
// or well-known name; "" means the tree's default: mail's Inbox, the
// contacts' top level) and returns its id.
func (t *Tenant) CreateTreeFolder(k *TreeKind, userID, parent, name string) (string, error) {
	t.Lock()
	defer t.Unlock()
	ft, err := t.tree(k, userID)
	if err != nil {
		return "", err
	}
	if parent == "" {
		parent = ft.defaultParent()
	}
	pid, err := ft.resolve(userID, parent)
	if err != nil {
		return "", err
	}
	return t.createFolder(ft, pid, name), nil
}

// defaultParent is where a folder goes when none is named.
func (ft *FolderTree) defaultParent() string {
	if ft.Kind == MailTree {
		return "inbox"
	}
	return ft.Root
}

// UpdateTreeFolder sets properties of a folder (typically displayName).
func (t *Tenant) UpdateTreeFolder(k *TreeKind, userID, folder string, p Props) error {
	t.Lock()
	defer t.Unlock()
	ft, fid, err := t.treeFolder(k, userID, folder)
	if err != nil {
		return err
	}
	frags, err := p.fragments(k.Folder)
	if err != nil {
		return err
	}
	f, _ := ft.Folders.Lookup(fid)
	ft.Folders.update(f, frags)
	return nil
}

// DeleteTreeFolder deletes a folder, its child folders and all their
// items.
func (t *Tenant) DeleteTreeFolder(k *TreeKind, userID, folder string) error {
	t.Lock()
	defer t.Unlock()
	ft, fid, err := t.treeFolder(k, userID, folder)
	if err != nil {
		return err
	}
	t.deleteFolder(ft, fid)
	return nil
}

// MoveTreeFolder moves a folder, with its child folders and items, under
// another parent: a folder id, a well-known name, or TopLevel. Its id
// stays; the counts of both parents change.
func (t *Tenant) MoveTreeFolder(k *TreeKind, userID, folder, destination string) error {
	t.Lock()
	defer t.Unlock()
	ft, fid, err := t.treeFolder(k, userID, folder)
	if err != nil {
		return err
	}
	pid := ft.Root
	if lower(destination) != TopLevel && destination != ft.Root {
		if pid, err = ft.resolve(userID, destination); err != nil {
			return err
		}
	}
	return t.moveFolder(ft, fid, pid, destination)
}

// UpdateTreeItem sets properties of an item (either id form).
func (t *Tenant) UpdateTreeItem(k *TreeKind, userID, id string, p Props) error {
	t.Lock()
	defer t.Unlock()
	ft, items, o, err := t.treeItem(k, userID, id)
	if err != nil {
		return err
	}
	frags, err := p.fragments(k.Item)
	if err != nil {
		return err
	}
	t.updateItem(ft, items, o, frags)
	return nil
}

// DeleteTreeItem deletes an item for good.
func (t *Tenant) DeleteTreeItem(k *TreeKind, userID, id string) error {
	t.Lock()
	defer t.Unlock()
	ft, items, o, err := t.treeItem(k, userID, id)
	if err != nil {
		return err
	}
	t.deleteItem(ft, items, o)
	return nil
}

// MoveTreeItem moves an item to another folder of the same tree. The old
// folder's delta reports it removed, the new folder's reports it added.
// Its immutable id stays; its REST id changes. It returns the new REST id.
func (t *Tenant) MoveTreeItem(k *TreeKind, userID, id, destination string) (string, error) {
	t.Lock()
	defer t.Unlock()
	ft, items, o, err := t.treeItem(k, userID, id)
	if err != nil {
		return "", err
	}
	dest, err := ft.resolve(userID, destination)
	if err != nil {
		return "", err
	}
	return t.moveItem(ft, items, o, dest)
}

// tree returns a user's tree of a kind.
func (t *Tenant) tree(k *TreeKind, userID string) (*FolderTree, error) {
	m, ok := t.mailboxes[userID]
	if !ok {
		return nil, fmt.Errorf("%w: mailbox of user %s", ErrNotFound, userID)
	}
	return m.Tree(k), nil
}

// treeFolder resolves a folder id or well-known name in a user's tree.
func (t *Tenant) treeFolder(k *TreeKind, userID, folder string) (*FolderTree, string, error) {
	ft, err := t.tree(k, userID)
	if err != nil {
		return nil, "", err
	}
	fid, err := ft.resolve(userID, folder)
	return ft, fid, err
}

func (ft *FolderTree) resolve(userID, folder string) (string, error) {
	fid, ok := ft.ResolveFolder(folder)
	if !ok {
		return "", fmt.Errorf("%w: %s %s in mailbox %s", ErrNotFound, ft.Kind.Folder.Type, folder, userID)
	}
	return fid, nil
}

// treeItem finds a live item of a user's tree by either id form.
func (t *Tenant) treeItem(k *TreeKind, userID, id string) (*FolderTree, *Collection, *Object, error) {
	ft, err := t.tree(k, userID)
	if err != nil {
		return nil, nil, nil, err
	}
	items, o, ok := ft.item(id)
	if !ok {
		return nil, nil, nil, fmt.Errorf("%w: %s %s in mailbox %s", ErrNotFound, k.Item.Type, id, userID)
	}
	return ft, items, o, nil
}

// CreateTreeItem adds a generated item of the tree's kind (a message, a
// personal contact), overridden by p, to a folder and returns its
// immutable id.
func (t *Tenant) CreateTreeItem(k *TreeKind, userID, folder string, p Props) (string, error) {
	if k == ContactTree {
		return t.CreatePersonalContact(userID, folder, p)
	}
	return t.CreateMessage(userID, folder, p)
}
