package tenant

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
)

// treeChurn is what churning a tree kind needs beyond the tree rules.
type treeChurn struct {
	kind *TreeKind
	// create adds a generated item to a folder and returns its id.
	create func(rng *rand.Rand, userID, folder string) (string, error)
	// change is a random update of an item.
	change func(rng *rand.Rand) Props
	// newFolderParent is where churn creates folders (an id or a
	// well-known name).
	newFolderParent func(ft *FolderTree) string
}

func (t *Tenant) mailChurn() treeChurn {
	return treeChurn{kind: MailTree, change: randomMessageChange,
		create: func(rng *rand.Rand, userID, folder string) (string, error) {
			return t.createMessage(rng, userID, folder, nil)
		},
		newFolderParent: func(ft *FolderTree) string { return ft.wellKnown["inbox"] }}
}

// itemRef locates one live item.
type itemRef struct{ user, id string }

func (t *Tenant) liveItems(k *TreeKind) []itemRef {
	var out []itemRef
	for _, uid := range t.order {
		ft := t.mailboxes[uid].Tree(k)
		for i := 0; i < ft.Folders.Len(); i++ {
			f := ft.Folders.At(i)
			if !f.Live() {
				continue
			}
			items := ft.items[f.ID]
			for j := 0; j < items.Len(); j++ {
				if o := items.At(j); o.Live() {
					out = append(out, itemRef{uid, o.ID})
				}
			}
		}
	}
	return out
}

// churnItems creates, updates, deletes and moves items of a tree kind.
func (t *Tenant) churnItems(rng *rand.Rand, c treeChurn, spec ChurnSpec, res *ChurnResult) error {
	if len(t.order) == 0 {
		return fmt.Errorf("%w: the tenant has no mailboxes to churn", ErrInvalid)
	}
	for i := 0; i < spec.Creates; i++ {
		uid := t.order[rng.IntN(len(t.order))]
		ft := t.mailboxes[uid].Tree(c.kind)
		folders := liveIndexes(ft.Folders)
		if len(folders) == 0 {
			continue
		}
		f := ft.Folders.At(folders[rng.IntN(len(folders))])
		id, err := c.create(rng, uid, f.ID)
		if err != nil {
			return err
		}
		res.Created = append(res.Created, id)
	}
	all := t.liveItems(c.kind)
	order := sample(rng, len(all), spec.Updates+spec.Deletes+spec.Moves)
	for k, idx := range order {
		ref := all[idx]
		ft := t.mailboxes[ref.user].Tree(c.kind)
		items, o, _ := ft.item(ref.id)
		var err error
		switch {
		case k < spec.Updates:
			var frags map[int][]byte
			if frags, err = c.change(rng).fragments(c.kind.Item); err == nil {
				t.updateItem(ft, items, o, frags)
			}
			res.Updated = append(res.Updated, ref.id)
		case k < spec.Updates+spec.Deletes:
			t.deleteItem(ft, items, o)
			res.Deleted = append(res.Deleted, ref.id)
		default:
			err = t.moveRandomly(rng, ft, items, o)
			res.Moved = append(res.Moved, ref.id)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (t *Tenant) moveRandomly(rng *rand.Rand, ft *FolderTree, items *Collection, o *Object) error {
	from := ft.itemFolder[o.ID]
	var dests []string
	for _, i := range liveIndexes(ft.Folders) {
		if id := ft.Folders.At(i).ID; id != from {
			dests = append(dests, id)
		}
	}
	if len(dests) == 0 {
		return nil
	}
	_, err := t.moveItem(ft, items, o, dests[rng.IntN(len(dests))])
	return err
}

func randomMessageChange(rng *rand.Rand) Props {
	switch rng.IntN(4) {
	case 0:
		return Props{"isRead": jbool(rng.IntN(2) == 0)}
	case 1:
		return Props{"categories": jstrs(pick(rng, categories))}
	case 2:
		return Props{"flag": json.RawMessage(`{"flagStatus":"flagged"}`)}
	}
	return Props{"importance": jstr(pick(rng, []string{"low", "normal", "high"}))}
}

// churnFolders creates, renames, deletes (with their child folders and
// items) and moves folders of a tree kind; well-known folders are never
// renamed, deleted or moved.
func (t *Tenant) churnFolders(rng *rand.Rand, c treeChurn, spec ChurnSpec, res *ChurnResult) error {
	if len(t.order) == 0 {
		return fmt.Errorf("%w: the tenant has no mailboxes to churn", ErrInvalid)
	}
	for i := 0; i < spec.Creates; i++ {
		ft := t.mailboxes[t.order[rng.IntN(len(t.order))]].Tree(c.kind)
		parent := c.newFolderParent(ft)
		if _, ok := ft.items[parent]; !ok {
			continue
		}
		res.Created = append(res.Created, t.createFolder(ft, parent, fmt.Sprintf("Churned %d", t.serialOf(c.kind))))
	}
	for i := 0; i < spec.Updates+spec.Deletes; i++ {
		ft := t.mailboxes[t.order[rng.IntN(len(t.order))]].Tree(c.kind)
		custom := ft.customFolders()
		if len(custom) == 0 {
			continue
		}
		f := custom[rng.IntN(len(custom))]
		if i < spec.Updates {
			ft.Folders.update(f, map[int][]byte{c.kind.Folder.MustIndex("displayName"): jstr(fmt.Sprintf("Renamed %d", t.serialOf(c.kind)))})
			res.Updated = append(res.Updated, f.ID)
			continue
		}
		t.deleteFolder(ft, f.ID)
		res.Deleted = append(res.Deleted, f.ID)
	}
	for i := 0; i < spec.Moves; i++ {
		if id := t.moveFolderRandomly(rng, t.mailboxes[t.order[rng.IntN(len(t.order))]].Tree(c.kind), i%2 == 0); id != "" {
			res.Moved = append(res.Moved, id)
		}
	}
	return nil
}

// customFolders lists the live folders that are not well-known.
func (ft *FolderTree) customFolders() []*Object {
	var custom []*Object
	for _, k := range liveIndexes(ft.Folders) {
		if f := ft.Folders.At(k); !ft.isWellKnown(f.ID) {
			custom = append(custom, f)
		}
	}
	return custom
}

// moveFolderRandomly moves a custom folder to the top level (toTop, when
// it is nested) or under another folder outside its own subtree; it
// returns the folder's id, or "" when no move was possible.
func (t *Tenant) moveFolderRandomly(rng *rand.Rand, ft *FolderTree, toTop bool) string {
	custom := ft.customFolders()
	if len(custom) == 0 {
		return ""
	}
	f := custom[rng.IntN(len(custom))]
	parent := strValue(f.Value(ft.Kind.folderParent))
	dest := ft.Root
	if !toTop || parent == ft.Root {
		var dests []string
		for _, k := range liveIndexes(ft.Folders) {
			if d := ft.Folders.At(k).ID; !ft.within(d, f.ID) && d != parent {
				dests = append(dests, d)
			}
		}
		if len(dests) == 0 {
			return ""
		}
		dest = dests[rng.IntN(len(dests))]
	}
	if err := t.moveFolder(ft, f.ID, dest, dest); err != nil {
		return ""
	}
	return f.ID
}
