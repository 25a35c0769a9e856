package tenant

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
)

func (t *Tenant) churnMembers(rng *rand.Rand, n int, res *ChurnResult) error {
	groups := liveIndexes(t.Groups)
	if len(groups) == 0 {
		return nil
	}
	users := liveIndexes(t.Users)
	for i := 0; i < n; i++ {
		g := t.Groups.At(groups[rng.IntN(len(groups))])
		set := linkSet(g, groupMembers)
		if i%2 == 1 && set != nil && set.Count() > 0 {
			targets := set.Targets()
			victim := targets[rng.IntN(len(targets))].TargetID
			if err := t.link(g.ID, groupMembers, victim, false); err != nil {
				return err
			}
			res.Members = append(res.Members, g.ID+" -"+victim)
			continue
		}
		if len(users) == 0 {
			continue
		}
		u := t.Users.At(users[rng.IntN(len(users))])
		if set != nil && set.Has(u.ID) {
			continue
		}
		if err := t.link(g.ID, groupMembers, u.ID, true); err != nil {
			return err
		}
		res.Members = append(res.Members, g.ID+" +"+u.ID)
	}
	return nil
}

func (t *Tenant) addRandomMembers(rng *rand.Rand, groupID string, n int) {
	users := liveIndexes(t.Users)
	for _, i := range pickN(rng, users, n) {
		_ = t.link(groupID, groupMembers, t.Users.At(i).ID, true)
	}
}

func linkSet(o *Object, prop int) *LinkSet {
	if o.Links == nil {
		return nil
	}
	return o.Links[prop]
}

// messageRef locates one live message.
type messageRef struct{ user, id string }

func (t *Tenant) liveMessages() []messageRef {
	var out []messageRef
	for _, uid := range t.order {
		m := t.mailboxes[uid]
		for i := 0; i < m.Folders.Len(); i++ {
			f := m.Folders.At(i)
			if !f.Live() {
				continue
			}
			msgs := m.messages[f.ID]
			for j := 0; j < msgs.Len(); j++ {
				if o := msgs.At(j); o.Live() {
					out = append(out, messageRef{uid, o.ID})
				}
			}
		}
	}
	return out
}

func (t *Tenant) churnMessages(rng *rand.Rand, spec ChurnSpec, res *ChurnResult) error {
	if len(t.order) == 0 {
		return fmt.Errorf("%w: the tenant has no mailboxes to churn", ErrInvalid)
	}
	for i := 0; i < spec.Creates; i++ {
		uid := t.order[rng.IntN(len(t.order))]
		folders := liveIndexes(t.mailboxes[uid].Folders)
		f := t.mailboxes[uid].Folders.At(folders[rng.IntN(len(folders))])
		id, err := t.createMessage(rng, uid, f.ID, nil)
		if err != nil {
			return err
		}
		res.Created = append(res.Created, id)
	}
	all := t.liveMessages()
	order := sample(rng, len(all), spec.Updates+spec.Deletes+spec.Moves)
	for k, idx := range order {
		ref := all[idx]
		var err error
		switch {
		case k < spec.Updates:
			err = t.updateMessage(ref.user, ref.id, randomMessageChange(rng))
			res.Updated = append(res.Updated, ref.id)
		case k < spec.Updates+spec.Deletes:
			err = t.deleteMessage(ref.user, ref.id)
			res.Deleted = append(res.Deleted, ref.id)
		default:
			err = t.moveRandomly(rng, ref)
			res.Moved = append(res.Moved, ref.id)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (t *Tenant) moveRandomly(rng *rand.Rand, ref messageRef) error {
	m := t.mailboxes[ref.user]
	from := m.msgFolder[ref.id]
	var dests []string
	for _, i := range liveIndexes(m.Folders) {
		if id := m.Folders.At(i).ID; id != from {
			dests = append(dests, id)
		}
	}
	if len(dests) == 0 {
		return nil
	}
	_, err := t.moveMessage(ref.user, ref.id, dests[rng.IntN(len(dests))])
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

func (t *Tenant) churnFolders(rng *rand.Rand, spec ChurnSpec, res *ChurnResult) error {
	if len(t.order) == 0 {
		return fmt.Errorf("%w: the tenant has no mailboxes to churn", ErrInvalid)
	}
	for i := 0; i < spec.Creates; i++ {
		uid := t.order[rng.IntN(len(t.order))]
		id, err := t.createFolder(uid, "inbox", fmt.Sprintf("Churned %d", t.nextSerial()))
		if err != nil {
			return err
		}
		res.Created = append(res.Created, id)
	}
	for i := 0; i < spec.Updates+spec.Deletes; i++ {
		uid := t.order[rng.IntN(len(t.order))]
		m := t.mailboxes[uid]
		var custom []int // well-known folders are never renamed or deleted
		for _, k := range liveIndexes(m.Folders) {
			if !m.isWellKnown(m.Folders.At(k).ID) {
				custom = append(custom, k)
			}
		}
		if len(custom) == 0 {
			continue
		}
		f := m.Folders.At(custom[rng.IntN(len(custom))])
		if i < spec.Updates {
			m.Folders.update(f, map[int][]byte{FolderSchema.MustIndex("displayName"): jstr(fmt.Sprintf("Renamed %d", t.nextSerial()))})
			res.Updated = append(res.Updated, f.ID)
			continue
		}
		if err := t.deleteFolder(uid, f.ID); err != nil {
			return err
		}
		res.Deleted = append(res.Deleted, f.ID)
	}
	for i := 0; i < spec.Moves; i++ {
		if id := t.moveFolderRandomly(rng, t.order[rng.IntN(len(t.order))], i%2 == 0); id != "" {
			res.Moved = append(res.Moved, id)
		}
	}
	return nil
}

// moveFolderRandomly moves a custom folder of a mailbox to the top level
// (toTop, when it is nested) or under another folder outside its own
// subtree; it returns the folder's id, or "" when no move was possible.
func (t *Tenant) moveFolderRandomly(rng *rand.Rand, uid string, toTop bool) string {
	m := t.mailboxes[uid]
	var custom []*Object
	for _, k := range liveIndexes(m.Folders) {
		if f := m.Folders.At(k); !m.isWellKnown(f.ID) {
			custom = append(custom, f)
		}
	}
	if len(custom) == 0 {
		return ""
	}
	f := custom[rng.IntN(len(custom))]
	dest := TopLevel
	if !toTop || strValue(f.Value(folderParent)) == m.Root {
		var dests []string
		for _, k := range liveIndexes(m.Folders) {
			if d := m.Folders.At(k).ID; !m.within(d, f.ID) && d != strValue(f.Value(folderParent)) {
				dests = append(dests, d)
			}
		}
		if len(dests) == 0 {
			return ""
		}
		dest = dests[rng.IntN(len(dests))]
	}
	if err := t.moveFolder(uid, f.ID, dest); err != nil {
		return ""
	}
	return f.ID
}

func (m *Mailbox) isWellKnown(id string) bool {
	for _, wk := range m.wellKnown {
		if wk == id {
			return true
		}
	}
	return false
}
