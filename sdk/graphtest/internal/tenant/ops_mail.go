package tenant

import (
	"fmt"
	"math/rand/v2"
)

// CreateMailbox gives an existing user an empty mailbox with the well-known
// folders and an empty default Contacts folder.
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
	m := t.seedMailbox(t.rng, u, len(wellKnownFolders), 0, 0)
	t.seedContacts(t.rng, m, 1, 0, 0)
	return nil
}

// CreateFolder adds a mail folder under parent (an id or well-known name;
// empty means under Inbox) and returns its id.
func (t *Tenant) CreateFolder(userID, parent, name string) (string, error) {
	return t.CreateTreeFolder(MailTree, userID, parent, name)
}

// UpdateFolder sets properties of a mail folder (typically displayName).
func (t *Tenant) UpdateFolder(userID, folder string, p Props) error {
	return t.UpdateTreeFolder(MailTree, userID, folder, p)
}

// DeleteFolder deletes a mail folder, its child folders and all their
// messages.
func (t *Tenant) DeleteFolder(userID, folder string) error {
	return t.DeleteTreeFolder(MailTree, userID, folder)
}

// MoveFolder moves a mail folder, with its child folders and messages,
// under another parent (see MoveTreeFolder).
func (t *Tenant) MoveFolder(userID, folder, destination string) error {
	return t.MoveTreeFolder(MailTree, userID, folder, destination)
}

// UpdateMessage sets properties of a message (either id form).
func (t *Tenant) UpdateMessage(userID, id string, p Props) error {
	return t.UpdateTreeItem(MailTree, userID, id, p)
}

// DeleteMessage deletes a message for good.
func (t *Tenant) DeleteMessage(userID, id string) error {
	return t.DeleteTreeItem(MailTree, userID, id)
}

// MoveMessage moves a message to another folder of the same mailbox (see
// MoveTreeItem) and returns its new REST id.
func (t *Tenant) MoveMessage(userID, id, destination string) (string, error) {
	return t.MoveTreeItem(MailTree, userID, id, destination)
}

// CreateMessage adds a generated message, overridden by p, to a folder and
// returns its immutable id.
func (t *Tenant) CreateMessage(userID, folder string, p Props) (string, error) {
	t.Lock()
	defer t.Unlock()
	return t.createMessage(t.rng, userID, folder, p)
}

func (t *Tenant) createMessage(rng *rand.Rand, userID, folder string, p Props) (string, error) {
	ft, fid, err := t.treeFolder(MailTree, userID, folder)
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
	ft.addItem(fid, msg, true)
	t.refreshCounts(ft, fid, true)
	return msg.ID, nil
}
