package tenant

import "fmt"

var (
	msgChangeKey    = MessageSchema.MustIndex("changeKey")
	msgLastModified = MessageSchema.MustIndex("lastModifiedDateTime")
)

// UpdateMessage sets properties of a message (either id form).
func (t *Tenant) UpdateMessage(userID, id string, p Props) error {
	t.Lock()
	defer t.Unlock()
	return t.updateMessage(userID, id, p)
}

func (t *Tenant) updateMessage(userID, id string, p Props) error {
	m, msgs, o, err := t.message(userID, id)
	if err != nil {
		return err
	}
	frags, err := p.fragments(MessageSchema)
	if err != nil {
		return err
	}
	frags[msgLastModified] = jstr(FormatTime(t.now()))
	frags[msgChangeKey] = jstr(changeKey(o.ID, o.Version+1))
	msgs.update(o, frags)
	t.refreshCounts(m, m.msgFolder[o.ID], true)
	return nil
}

// DeleteMessage deletes a message for good.
func (t *Tenant) DeleteMessage(userID, id string) error {
	t.Lock()
	defer t.Unlock()
	return t.deleteMessage(userID, id)
}

func (t *Tenant) deleteMessage(userID, id string) error {
	m, msgs, o, err := t.message(userID, id)
	if err != nil {
		return err
	}
	fid := m.msgFolder[o.ID]
	msgs.remove(o, ReasonDeleted)
	delete(m.msgFolder, o.ID)
	delete(m.alias, o.AltID)
	t.refreshCounts(m, fid, true)
	return nil
}

// MoveMessage moves a message to another folder of the same mailbox. The
// old folder's delta reports it removed, the new folder's reports it added.
// Its immutable id stays; its REST id changes. It returns the new REST id.
func (t *Tenant) MoveMessage(userID, id, destination string) (string, error) {
	t.Lock()
	defer t.Unlock()
	return t.moveMessage(userID, id, destination)
}

func (t *Tenant) moveMessage(userID, id, destination string) (string, error) {
	m, msgs, o, err := t.message(userID, id)
	if err != nil {
		return "", err
	}
	_, dest, err := t.folder(userID, destination)
	if err != nil {
		return "", err
	}
	from := m.msgFolder[o.ID]
	if dest == from {
		return "", fmt.Errorf("%w: message %s is already in folder %s", ErrInvalid, id, destination)
	}
	msgs.remove(o, ReasonDeleted)
	delete(m.alias, o.AltID)
	moved := &Object{ID: o.ID, AltID: outlookID("AAMkAGI2", t.nextSerial(), 1), Version: o.Version + 1}
	moved.enc, moved.ends = o.enc, o.ends
	moved.overwrite(map[int][]byte{msgParent: jstr(dest), msgLastModified: jstr(FormatTime(t.now())),
		msgChangeKey: jstr(changeKey(o.ID, moved.Version))})
	// The removed object keeps its place in the old folder's log, so the new
	// folder holds a fresh object under the same immutable id.
	m.messages[dest].insertMoved(moved)
	m.msgFolder[o.ID], m.alias[moved.AltID] = dest, o.ID
	t.refreshCounts(m, from, true)
	t.refreshCounts(m, dest, true)
	return moved.AltID, nil
}

// insertMoved adds an object that may have lived here before (moved back):
// the old entry keeps its index, and the id now points at the new one.
func (c *Collection) insertMoved(o *Object) {
	c.byID[o.ID] = int32(len(c.objects))
	c.objects = append(c.objects, o)
	o.Created = c.record(o)
}

func (t *Tenant) message(userID, id string) (*Mailbox, *Collection, *Object, error) {
	m, err := t.mailbox(userID)
	if err != nil {
		return nil, nil, nil, err
	}
	imm, ok := m.MessageID(id)
	if !ok {
		return nil, nil, nil, fmt.Errorf("%w: message %s in mailbox %s", ErrNotFound, id, userID)
	}
	msgs := m.messages[m.msgFolder[imm]]
	o, _ := msgs.Lookup(imm)
	return m, msgs, o, nil
}

// folder resolves a folder id or well-known name in a user's mailbox.
func (t *Tenant) folder(userID, folder string) (*Mailbox, string, error) {
	m, err := t.mailbox(userID)
	if err != nil {
		return nil, "", err
	}
	fid, ok := m.ResolveFolder(folder)
	if !ok {
		return nil, "", fmt.Errorf("%w: folder %s in mailbox %s", ErrNotFound, folder, userID)
	}
	return m, fid, nil
}

func (t *Tenant) mailbox(userID string) (*Mailbox, error) {
	m, ok := t.mailboxes[userID]
	if !ok {
		return nil, fmt.Errorf("%w: mailbox of user %s", ErrNotFound, userID)
	}
	return m, nil
}
