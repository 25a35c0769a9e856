package tenant

import "bytes"

var (
	folderTotal    = FolderSchema.MustIndex("totalItemCount")
	folderUnread   = FolderSchema.MustIndex("unreadItemCount")
	folderChildren = FolderSchema.MustIndex("childFolderCount")
	folderParent   = FolderSchema.MustIndex("parentFolderId")
	msgIsRead      = MessageSchema.MustIndex("isRead")
	msgParent      = MessageSchema.MustIndex("parentFolderId")
)

// refreshCounts recomputes a folder's item counts; logged says whether the
// change goes into the folder log (false only while generating).
func (t *Tenant) refreshCounts(m *Mailbox, folderID string, logged bool) {
	msgs, ok := m.messages[folderID]
	f, found := m.Folders.Lookup(folderID)
	if !ok || !found || !f.Live() {
		return
	}
	total, unread := 0, 0
	for i := 0; i < msgs.Len(); i++ {
		o := msgs.At(i)
		if !o.Live() {
			continue
		}
		total++
		if !bytes.Equal(o.Value(msgIsRead), []byte("true")) {
			unread++
		}
	}
	t.setFolder(m, f, map[int][]byte{folderTotal: jint(total), folderUnread: jint(unread)}, logged)
}

// bumpChildCount adds delta to a folder's childFolderCount.
func (t *Tenant) bumpChildCount(m *Mailbox, folderID string, delta int, logged bool) {
	f, ok := m.Folders.Lookup(folderID)
	if !ok || !f.Live() {
		return
	}
	n := intValue(f.Value(folderChildren)) + delta
	t.setFolder(m, f, map[int][]byte{folderChildren: jint(n)}, logged)
}

func (t *Tenant) setFolder(m *Mailbox, f *Object, updates map[int][]byte, logged bool) {
	if logged {
		m.Folders.update(f, updates)
		return
	}
	f.overwrite(updates)
}

func intValue(frag []byte) int {
	n := 0
	for _, c := range frag {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}
