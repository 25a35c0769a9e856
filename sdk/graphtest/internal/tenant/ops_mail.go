package tenant

import (
	"fmt"
	"math/rand/v2"
)

// CreateMailbox gives an existing user an empty mailbox with the well-known
// folders.
func (t *Tenant) CreateMailbox(userID string) error {
	t.Lock()
	defer t.Unlock()
	u, ok := t.Users.Lookup(userID)
	if !ok || !u.Live() {
		return fmt.Errorf("%w: user %s", ErrNotFound, userID)
	}
	if _, exists := t.mailboxes[userID]; exists {
		return fmt.Errorf("%w: user %s already has a mailbox", ErrInvalid, userID)
	}
	t.seedMailbox(t.rng, u, len(wellKnownFolders), 0, 0)
	return nil
}

// CreateFolder adds a child folder under parent (an id or well-known name;
// empty means under Inbox) and returns its id.
func (t *Tenant) CreateFolder(userID, parent, name string) (string, error) {
	t.Lock()
	defer t.Unlock()
	return t.createFolder(userID, parent, name)
}

func (t *Tenant) createFolder(userID, parent, name string) (string, error) {
	if parent == "" {
		parent = "inbox"
	}
	m, pid, err := t.folder(userID, parent)
	if err != nil {
		return "", err
	}
	f := folderObject(outlookID("AAMkAGI2", t.nextSerial()), name, pid)
	m.Folders.insert(f)
	m.messages[f.ID] = NewCollection(MessageSchema)
	t.bumpChildCount(m, pid, 1, true)
	return f.ID, nil
}

// UpdateFolder sets properties of a folder (typically displayName).
func (t *Tenant) UpdateFolder(userID, folder string, p Props) error {
	t.Lock()
	defer t.Unlock()
	m, fid, err := t.folder(userID, folder)
	if err != nil {
		return err
	}
	frags, err := p.fragments(FolderSchema)
	if err != nil {
		return err
	}
	f, _ := m.Folders.Lookup(fid)
	m.Folders.update(f, frags)
	return nil
}

// DeleteFolder deletes a folder, its child folders and all their messages.
func (t *Tenant) DeleteFolder(userID, folder string) error {
	t.Lock()
	defer t.Unlock()
	return t.deleteFolder(userID, folder)
}

func (t *Tenant) deleteFolder(userID, folder string) error {
	m, fid, err := t.folder(userID, folder)
	if err != nil {
		return err
	}
	f, _ := m.Folders.Lookup(fid)
	parent := strValue(f.Value(folderParent))
	t.dropFolderTree(m, fid)
	t.bumpChildCount(m, parent, -1, true)
	return nil
}

func (t *Tenant) dropFolderTree(m *Mailbox, fid string) {
	for i := 0; i < m.Folders.Len(); i++ {
		child := m.Folders.At(i)
		if child.Live() && strValue(child.Value(folderParent)) == fid {
			t.dropFolderTree(m, child.ID)
		}
	}
	msgs := m.messages[fid]
	for i := 0; i < msgs.Len(); i++ {
		o := msgs.At(i)
		if o.Live() {
			delete(m.msgFolder, o.ID)
			delete(m.alias, o.AltID)
		}
	}
	delete(m.messages, fid)
	f, _ := m.Folders.Lookup(fid)
	m.Folders.remove(f, ReasonDeleted)
}

// CreateMessage adds a generated message, overridden by p, to a folder and
// returns its immutable id.
func (t *Tenant) CreateMessage(userID, folder string, p Props) (string, error) {
	t.Lock()
	defer t.Unlock()
	return t.createMessage(t.rng, userID, folder, p)
}

func (t *Tenant) createMessage(rng *rand.Rand, userID, folder string, p Props) (string, error) {
	m, fid, err := t.folder(userID, folder)
	if err != nil {
		return "", err
	}
	frags, err := p.fragments(MessageSchema)
	if err != nil {
		return "", err
	}
	owner, _ := t.Users.Lookup(userID)
	msg := t.newMessage(rng, fid, owner, t.nextSerial(), t.now(), int(t.serial))
	msg.overwrite(frags)
	m.messages[fid].insert(msg)
	m.msgFolder[msg.ID], m.alias[msg.AltID] = fid, msg.ID
	t.refreshCounts(m, fid, true)
	return msg.ID, nil
}

// TopLevel is the destination of MoveFolder that makes a folder a
// top-level one (a child of the mailbox's root folder).
const TopLevel = "msgfolderroot"

// MoveFolder moves a folder, with its child folders and messages, under
// another parent: a folder id, a well-known name, or TopLevel. Its id
// stays; the counts of both parents change.
func (t *Tenant) MoveFolder(userID, folder, destination string) error {
	t.Lock()
	defer t.Unlock()
	return t.moveFolder(userID, folder, destination)
}

func (t *Tenant) moveFolder(userID, folder, destination string) error {
	m, fid, err := t.folder(userID, folder)
	if err != nil {
		return err
	}
	pid := m.Root
	if lower(destination) != TopLevel && destination != m.Root {
		if _, pid, err = t.folder(userID, destination); err != nil {
			return err
		}
	}
	f, _ := m.Folders.Lookup(fid)
	from := strValue(f.Value(folderParent))
	switch {
	case pid == from:
		return fmt.Errorf("%w: folder %s is already under %s", ErrInvalid, folder, destination)
	case m.within(pid, fid):
		return fmt.Errorf("%w: folder %s cannot move under itself or its own child folder %s", ErrInvalid, folder, destination)
	}
	m.Folders.update(f, map[int][]byte{folderParent: jstr(pid)})
	t.bumpChildCount(m, from, -1, true)
	t.bumpChildCount(m, pid, 1, true)
	return nil
}

// within reports whether folder id is ancestor or one of its descendants.
func (m *Mailbox) within(id, ancestor string) bool {
	for hops := 0; id != "" && hops <= m.Folders.Len(); hops++ {
		if id == ancestor {
			return true
		}
		f, ok := m.Folders.Lookup(id)
		if !ok {
			return false
		}
		id = strValue(f.Value(folderParent))
	}
	return false
}
