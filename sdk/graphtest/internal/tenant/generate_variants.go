package tenant

import "math/rand/v2"

// Types of the directory objects the emulator knows only as member targets.
const (
	// TypeServicePrincipal is microsoft.graph.servicePrincipal.
	TypeServicePrincipal = "servicePrincipal"
	// TypeDevice is microsoft.graph.device.
	TypeDevice = "device"
)

// genOtherMembers adds service principals and devices (one for every 20
// and every 10 users, at least two each) and makes each group a member
// of one or two of them; every fifth group gets none.
func genOtherMembers(t *Tenant, rng *rand.Rand, users int) {
	t.others = map[string]string{}
	for i := 0; i < max(2, users/20); i++ {
		t.addOther(newGUID(rng), TypeServicePrincipal)
	}
	for i := 0; i < max(2, users/10); i++ {
		t.addOther(newGUID(rng), TypeDevice)
	}
	for i := 0; i < t.Groups.Len(); i++ {
		if i%5 == 4 {
			continue
		}
		g := t.Groups.At(i)
		for _, k := range sample(rng, len(t.othersList), 1+rng.IntN(2)) {
			id := t.othersList[k]
			t.Groups.seedLink(g, groupMembers, id, t.others[id])
		}
	}
}

func (t *Tenant) addOther(id, typ string) {
	t.others[id] = typ
	t.othersList = append(t.othersList, id)
}

// churnOtherMembers adds and removes service principal and device members:
// n changes, half additions, half removals.
func (t *Tenant) churnOtherMembers(rng *rand.Rand, n int, res *ChurnResult) error {
	groups := liveIndexes(t.Groups)
	if len(groups) == 0 || len(t.othersList) == 0 {
		return nil
	}
	for i := 0; i < n; i++ {
		g := t.Groups.At(groups[rng.IntN(len(groups))])
		set := linkSet(g, groupMembers)
		if i%2 == 1 && set != nil {
			var mine []string
			for _, l := range set.Targets() {
				if _, other := t.others[l.TargetID]; other {
					mine = append(mine, l.TargetID)
				}
			}
			if len(mine) > 0 {
				victim := mine[rng.IntN(len(mine))]
				if err := t.link(g.ID, groupMembers, victim, false); err != nil {
					return err
				}
				res.Members = append(res.Members, g.ID+" -"+victim)
			}
			continue
		}
		id := t.othersList[rng.IntN(len(t.othersList))]
		if set != nil && set.Has(id) {
			continue
		}
		if err := t.link(g.ID, groupMembers, id, true); err != nil {
			return err
		}
		res.Members = append(res.Members, g.ID+" +"+id)
	}
	return nil
}

// genRemoved adds users, groups and contacts (one for every 20, 5 and 20
// of the generated ones, at least one each) and removes them before any
// round: users and Microsoft 365 groups alternate between soft-deleted
// and deleted for good, the others are deleted for good. They are created
// after every other generated object, so the rest of the tenant is the
// same as without them.
func genRemoved(t *Tenant, rng *rand.Rand, opts Options) {
	b := newBuilder(UserSchema)
	for i := 0; i < max(1, opts.Users/20); i++ {
		u := userObject(t, b, rng, newGUID(rng), t.Users.Len())
		t.Users.seed(u)
		t.Users.remove(u, removalReason(i))
	}
	for i := 0; i < max(1, opts.Groups/5); i++ {
		unified := i%2 == 0
		g := groupObject(t, rng, newGUID(rng), t.Groups.Len(), unified)
		t.Groups.seed(g)
		reason := ReasonDeleted
		if unified {
			reason = removalReason(i / 2)
		}
		t.Groups.remove(g, reason)
	}
	for i := 0; i < max(1, opts.Contacts/20); i++ {
		c := contactObject(rng, newGUID(rng), t.Contacts.Len())
		t.Contacts.seed(c)
		t.Contacts.remove(c, ReasonDeleted)
	}
}

// removalReason alternates soft and permanent deletion.
func removalReason(i int) string {
	if i%2 == 0 {
		return ReasonChanged
	}
	return ReasonDeleted
}

// OtherMembers returns the ids of the service principals and devices, in
// creation order, with their types.
func (t *Tenant) OtherMembers() [][2]string {
	t.RLock()
	defer t.RUnlock()
	out := make([][2]string, 0, len(t.othersList))
	for _, id := range t.othersList {
		out = append(out, [2]string{id, t.others[id]})
	}
	return out
}
