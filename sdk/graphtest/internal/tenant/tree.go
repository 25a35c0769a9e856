package tenant

// TreeKind is one kind of Outlook folder tree a mailbox holds: mail
// (mailFolders and messages) or personal contacts (contactFolders and
// contacts). Both follow the same rules: folders nest, move and are
// deleted with their child folders and items; an item lives in one folder
// and moves between folders keeping its immutable id.
type TreeKind struct {
	// ID names the kind in delta tokens (0: mail).
	ID uint8
	// Collection and Items are the Graph path segments of the folders and
	// of a folder's items ("mailFolders", "messages").
	Collection, Items string
	// Folder and Item describe the folders and the items.
	Folder, Item *Schema
	// FoldersTable and ItemsTable are the truth tables (state/<table>).
	FoldersTable, ItemsTable string
	// IDPrefix starts the kind's Outlook ids.
	IDPrefix string

	folderParent, itemParent, itemChangeKey, itemModified int
	// childCount and the item counts are -1 when the kind's folders have
	// no such property (contact folders have none).
	childCount, totalCount, unreadCount, itemIsRead int
}

func newTreeKind(id uint8, collection, items string, folder, item *Schema, foldersTable, itemsTable, prefix string) *TreeKind {
	index := func(s *Schema, name string) int {
		if i, ok := s.Index(name); ok {
			return i
		}
		return -1
	}
	return &TreeKind{ID: id, Collection: collection, Items: items, Folder: folder, Item: item,
		FoldersTable: foldersTable, ItemsTable: itemsTable, IDPrefix: prefix,
		folderParent: folder.MustIndex("parentFolderId"), itemParent: item.MustIndex("parentFolderId"),
		itemChangeKey: item.MustIndex("changeKey"), itemModified: item.MustIndex("lastModifiedDateTime"),
		childCount: index(folder, "childFolderCount"), totalCount: index(folder, "totalItemCount"),
		unreadCount: index(folder, "unreadItemCount"), itemIsRead: index(item, "isRead")}
}

// The tree kinds.
var (
	// MailTree is a mailbox's mail: mailFolders and messages.
	MailTree = newTreeKind(0, "mailFolders", "messages", FolderSchema, MessageSchema, "mail_folders", "messages", "AAMkAGI2")
	// ContactTree is a mailbox's personal contacts: contactFolders and
	// contacts. Its Root is the default Contacts folder, which holds
	// contacts and is the parent of the top-level contact folders.
	ContactTree = newTreeKind(1, "contactFolders", "contacts", ContactFolderSchema, PersonalContactSchema,
		"contact_folders", "personal_contacts", "AAMkADk0")
)

// TreeKinds lists the kinds, by ID.
func TreeKinds() []*TreeKind { return []*TreeKind{MailTree, ContactTree} }

// TreeKindOf returns the kind with the given ID (mail for an unknown one).
func TreeKindOf(id uint8) *TreeKind {
	for _, k := range TreeKinds() {
		if k.ID == id {
			return k
		}
	}
	return MailTree
}

// ItemKind returns the kind whose items s describes.
func ItemKind(s *Schema) (*TreeKind, bool) {
	for _, k := range TreeKinds() {
		if k.Item == s {
			return k, true
		}
	}
	return nil, false
}

// FolderParentIndex and ItemParentIndex are the indexes of
// parentFolderId in the kind's schemas.
func (k *TreeKind) FolderParentIndex() int { return k.folderParent }

// ItemParentIndex is the index of an item's parentFolderId.
func (k *TreeKind) ItemParentIndex() int { return k.itemParent }

// ItemChangeKeyIndex is the index of an item's changeKey.
func (k *TreeKind) ItemChangeKeyIndex() int { return k.itemChangeKey }

// FolderTree is one tree of a mailbox: its folders (the whole tree,
// flattened) and one item collection per folder.
type FolderTree struct {
	// Kind says what the tree holds.
	Kind *TreeKind
	// Folders is the folder collection.
	Folders *Collection
	// Root is the id of the folder whose children are the top-level
	// folders. Mail's root (msgfolderroot) is not in Folders; the
	// contacts' root is the default Contacts folder, which is (it holds
	// contacts), and which listings leave out unless asked (see
	// graphtest.DefaultContactFolderListed).
	Root string

	items      map[string]*Collection
	wellKnown  map[string]string
	itemFolder map[string]string
	alias      map[string]string
}

func newFolderTree(kind *TreeKind) *FolderTree {
	return &FolderTree{Kind: kind, Folders: NewCollection(kind.Folder), items: map[string]*Collection{},
		wellKnown: map[string]string{}, itemFolder: map[string]string{}, alias: map[string]string{}}
}

// Items returns the item collection of a live folder.
func (ft *FolderTree) Items(folderID string) (*Collection, bool) {
	c, ok := ft.items[folderID]
	return c, ok
}

// ResolveFolder maps a folder id or well-known name ("inbox",
// "contacts") to a folder id.
func (ft *FolderTree) ResolveFolder(idOrName string) (string, bool) {
	if id, ok := ft.wellKnown[lower(idOrName)]; ok {
		if _, live := ft.items[id]; live {
			return id, true
		}
	}
	_, ok := ft.items[idOrName]
	return idOrName, ok
}

// ItemID maps an item id in either form to its immutable id.
func (ft *FolderTree) ItemID(id string) (string, bool) {
	if _, ok := ft.itemFolder[id]; ok {
		return id, true
	}
	imm, ok := ft.alias[id]
	return imm, ok
}

// FolderOf returns the folder that holds an item (by immutable id).
func (ft *FolderTree) FolderOf(immutableID string) (string, bool) {
	f, ok := ft.itemFolder[immutableID]
	return f, ok
}

// Listed reports whether a folder shows in the tree's listings and
// delta: every folder but the root (see Root), unless withRoot.
func (ft *FolderTree) Listed(o *Object, withRoot bool) bool {
	return withRoot || o.ID != ft.Root
}

// within reports whether folder id is ancestor or one of its descendants.
func (ft *FolderTree) within(id, ancestor string) bool {
	for hops := 0; id != "" && hops <= ft.Folders.Len(); hops++ {
		if id == ancestor {
			return true
		}
		f, ok := ft.Folders.Lookup(id)
		if !ok {
			return false
		}
		id = strValue(f.Value(ft.Kind.folderParent))
	}
	return false
}

func (ft *FolderTree) isWellKnown(id string) bool {
	for _, wk := range ft.wellKnown {
		if wk == id {
			return true
		}
	}
	return false
}

// addFolder adds a folder object (seeded or inserted) with an empty item
// collection.
func (ft *FolderTree) addFolder(f *Object, logged bool) {
	if logged {
		ft.Folders.insert(f)
	} else {
		ft.Folders.seed(f)
	}
	ft.items[f.ID] = NewCollection(ft.Kind.Item)
}

// addItem adds an item object to a folder.
func (ft *FolderTree) addItem(folder string, o *Object, logged bool) {
	if logged {
		ft.items[folder].insert(o)
	} else {
		ft.items[folder].seed(o)
	}
	ft.itemFolder[o.ID] = folder
	if o.AltID != "" {
		ft.alias[o.AltID] = o.ID
	}
}
