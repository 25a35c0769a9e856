package tenant

import "math/rand/v2"

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
