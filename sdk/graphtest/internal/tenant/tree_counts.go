package tenant

import "bytes"

// refreshCounts recomputes a folder's item counts, for a kind whose
// folders have them; logged says whether the change goes into the folder
// log (false only while generating).
func (t *Tenant) refreshCounts(ft *FolderTree, folderID string, logged bool) {
	k := ft.Kind
	items, ok := ft.items[folderID]
	f, found := ft.Folders.Lookup(folderID)
	if k.totalCount < 0 || !ok || !found || !f.Live() {
		return
	}
	total, unread := 0, 0
	for i := 0; i < items.Len(); i++ {
		o := items.At(i)
		if !o.Live() {
			continue
		}
		total++
		if !bytes.Equal(o.Value(k.itemIsRead), []byte("true")) {
			unread++
		}
	}
	t.setFolder(ft, f, map[int][]byte{k.totalCount: jint(total), k.unreadCount: jint(unread)}, logged)
}

// bumpChildCount adds delta to a folder's child folder count, for a kind
// whose folders have one.
func (t *Tenant) bumpChildCount(ft *FolderTree, folderID string, delta int, logged bool) {
	f, ok := ft.Folders.Lookup(folderID)
	if ft.Kind.childCount < 0 || !ok || !f.Live() {
		return
	}
	n := intValue(f.Value(ft.Kind.childCount)) + delta
	t.setFolder(ft, f, map[int][]byte{ft.Kind.childCount: jint(n)}, logged)
}

func (t *Tenant) setFolder(ft *FolderTree, f *Object, updates map[int][]byte, logged bool) {
	if logged {
		ft.Folders.update(f, updates)
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
