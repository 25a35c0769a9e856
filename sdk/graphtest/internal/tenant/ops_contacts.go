package tenant

import "math/rand/v2"

// CreatePersonalContact adds a generated personal contact, overridden by p, to a
// contact folder (an id, or "contacts" for the default folder) and
// returns its immutable id.
func (t *Tenant) CreatePersonalContact(userID, folder string, p Props) (string, error) {
	t.Lock()
	defer t.Unlock()
	return t.createPersonalContact(t.rng, userID, folder, p)
}

func (t *Tenant) createPersonalContact(rng *rand.Rand, userID, folder string, p Props) (string, error) {
	ft, fid, err := t.treeFolder(ContactTree, userID, folder)
	if err != nil {
		return "", err
	}
	frags, err := p.fragments(PersonalContactSchema)
	if err != nil {
		return "", err
	}
	c := t.newContact(rng, fid, t.serialOf(ContactTree), t.now())
	c.overwrite(frags)
	ft.addItem(fid, c, true)
	return c.ID, nil
}

func (t *Tenant) contactChurn() treeChurn {
	return treeChurn{kind: ContactTree, change: randomContactChange,
		create: func(rng *rand.Rand, userID, folder string) (string, error) {
			return t.createPersonalContact(rng, userID, folder, nil)
		},
		newFolderParent: func(ft *FolderTree) string { return ft.Root }}
}
