package tenant

import "math/rand/v2"

// churn applies a churn spec to a declared resource: creates (generated,
// with their relationships), updates (one to three properties Graph lets
// change, taken from a freshly generated object), deletes (soft or for
// good at random where the resource soft-deletes; none where Graph has no
// delete), restores, and
// spec.Members relationship changes (spec.Updates when unset), half
// additions and half removals.
func (d *Declaration) churn(t *Tenant, r *Resource, rng *rand.Rand, spec ChurnSpec, res *ChurnResult) error {
	c := r.Coll
	for i := 0; i < spec.Creates; i++ {
		o, err := d.object(t, rng, newGUID(rng), c.Len())
		if err != nil {
			return err
		}
		c.insert(o)
		if err := d.link(t, c, rng, o, false); err != nil {
			return err
		}
		res.Created = append(res.Created, o.ID)
	}
	live := liveIndexes(c)
	for _, i := range pickN(rng, live, spec.Updates) {
		p, err := d.change(t, rng, c.Len())
		if err != nil {
			return err
		}
		if err := t.update(r.Path, c.At(i).ID, p); err != nil {
			return err
		}
		res.Updated = append(res.Updated, c.At(i).ID)
	}
	deletes := spec.Deletes
	if r.NoDelete {
		deletes = 0 // Graph has none: a churn spec's deletes pass it by
	}
	for _, i := range pickN(rng, live, deletes) {
		if err := t.delete(r.Path, c.At(i).ID, rng.IntN(2) == 0); err != nil {
			return err
		}
		res.Deleted = append(res.Deleted, c.At(i).ID)
	}
	restoreSome(rng, c, spec.Restores, res)
	n := spec.Updates
	if spec.Members != nil {
		n = *spec.Members
	}
	return d.churnLinks(t, c, rng, n, res)
}

// change returns new values for one to three of the properties churn may
// change (neither fixed, nor relationships, nor untracked), taken from a
// freshly generated object.
func (d *Declaration) change(t *Tenant, rng *rand.Rand, serial int) (Props, error) {
	fresh, err := d.generate(t, rng, serial)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, p := range d.Schema.Props {
		if _, ok := fresh[p.Name]; ok && !p.Fixed && !p.Link && !p.Untracked {
			names = append(names, p.Name)
		}
	}
	out := Props{}
	for _, k := range sample(rng, len(names), 1+rng.IntN(3)) {
		out[names[k]] = fresh[names[k]]
	}
	return out, nil
}

// churnLinks makes n relationship changes on live objects: even ones add a
// live target, odd ones remove a present one.
func (d *Declaration) churnLinks(t *Tenant, c *Collection, rng *rand.Rand, n int, res *ChurnResult) error {
	live := liveIndexes(c)
	if len(d.Links) == 0 || len(live) == 0 {
		return nil
	}
	for i := 0; i < n; i++ {
		o := c.At(live[rng.IntN(len(live))])
		l := d.Links[rng.IntN(len(d.Links))]
		prop := d.Schema.MustIndex(l.Prop)
		if i%2 == 1 {
			if set := linkSet(o, prop); set != nil && set.Count() > 0 {
				victim := set.Targets()[rng.IntN(set.Count())].TargetID
				c.link(o, prop, victim, "", false)
				res.Members = append(res.Members, o.ID+" -"+victim)
			}
			continue
		}
		candidates, err := liveTargets(t, l)
		if err != nil {
			return err
		}
		if len(candidates) == 0 {
			continue
		}
		target := candidates[rng.IntN(len(candidates))]
		if target.id != o.ID && c.link(o, prop, target.id, target.typ, true) {
			res.Members = append(res.Members, o.ID+" +"+target.id)
		}
	}
	return nil
}

// restoreSome brings back up to n soft-deleted objects of c, at random.
func restoreSome(rng *rand.Rand, c *Collection, n int, res *ChurnResult) {
	var soft []int
	for i := 0; i < c.Len(); i++ {
		if o := c.At(i); !o.Live() && o.Reason == ReasonChanged {
			soft = append(soft, i)
		}
	}
	for _, i := range pickN(rng, soft, n) {
		c.restore(c.At(i))
		res.Restored = append(res.Restored, c.At(i).ID)
	}
}
