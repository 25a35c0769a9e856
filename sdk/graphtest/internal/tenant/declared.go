package tenant

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/url"
)

// Declaration is a directory resource given as data: the tenant generates,
// churns and writes its truth from this alone (graphtest.Resource is
// compiled to one).
type Declaration struct {
	// Path is the collection's path segment, e.g. "applications".
	Path string
	// Table is the truth table's name (default Path).
	Table string
	// Schema lists the properties, relationships included.
	Schema *Schema
	// Count is the number of objects generated.
	Count int
	// Generate returns the property values of object i (generated first,
	// then created by churn or the admin API, counting on) drawn from rng.
	Generate func(rng *rand.Rand, i int) (Props, error)
	// SoftDelete makes deletes soft (restorable) unless hard.
	SoftDelete bool
	// Links are the relationships that are generated and churned.
	Links []DeclaredLink
	// Refs are the properties that hold another object's id, filled when
	// Generate leaves them out.
	Refs []DeclaredRef
	// NoDelete marks resources Graph has no delete for (activated
	// directory roles): Tenant.Delete refuses, churn deletes none.
	NoDelete bool
	// Dependents are the objects of other resources deleted with each
	// object of this one.
	Dependents []Dependent
}

// Dependent names the objects of another resource that go with an object
// when it is deleted: those whose property Match holds the same value as
// the object's, e.g. an application's service principal in its home tenant
// (same appId). They are soft-deleted where their resource soft-deletes
// (deleting the object for good does not purge them), deleted for good
// otherwise; restoring the object does not bring them back.
type Dependent struct {
	// Path is the dependents' resource, e.g. "servicePrincipals".
	Path string
	// Match is the property both resources have, e.g. "appId".
	Match string
}

// DeclaredRef is a property of a Declaration whose value is the id of a
// live object of one of Targets (resource paths), drawn at random, e.g. a
// permission grant's clientId.
type DeclaredRef struct {
	// Prop is the property, e.g. "clientId".
	Prop string
	// Targets are the paths of the resources the id is drawn from; each
	// is registered before the declaration.
	Targets []string
}

// DeclaredLink is one relationship of a Declaration and its truth table.
type DeclaredLink struct {
	LinkTable
	// Targets are the paths of the resources whose objects may be linked;
	// each is registered before the declaration (or is the declaration
	// itself).
	Targets []string
	// PerObject is the most links of this relationship a generated object
	// gets (from none up to it, at random).
	PerObject int
	// TargetsIf restricts targets: for a resource path, the Bool property
	// its objects must have true to be linked, e.g. {"groups":
	// "isAssignableToRole"} for a directory role's members.
	TargetsIf map[string]string
}

// Declare returns the resource a declaration describes.
func Declare(d Declaration) *Resource {
	r := &Resource{Path: d.Path, Table: d.Table, Schema: d.Schema, Stream: streamOf(d.Path),
		Restorable: d.SoftDelete, NoDelete: d.NoDelete, Dependents: d.Dependents}
	for _, l := range d.Links {
		r.Links = append(r.Links, l.LinkTable)
	}
	for _, l := range d.Links {
		if len(l.TargetsIf) > 0 {
			r.Admits = append(r.Admits, linkRule{prop: l.Prop, targetsIf: l.TargetsIf})
		}
	}
	if d.SoftDelete {
		r.SoftDelete = func(*Object) bool { return true }
	}
	r.Seed = func(t *Tenant, rng *rand.Rand, _ Options) error {
		if err := checkDependents(t, r); err != nil {
			return err
		}
		for i := 0; i < d.Count; i++ {
			o, err := d.object(t, rng, newGUID(rng), i)
			if err != nil {
				return err
			}
			r.Coll.seed(o)
			if err := d.link(t, r.Coll, rng, o, true); err != nil {
				return err
			}
		}
		return nil
	}
	r.New = func(t *Tenant, id string, _ url.Values) (*Object, error) {
		return d.object(t, objectRand(id), id, r.Coll.Len())
	}
	r.Churn = func(t *Tenant, rng, _ *rand.Rand, spec ChurnSpec, res *ChurnResult) error {
		return d.churn(t, r, rng, spec, res)
	}
	return r
}

// streamOf numbers a declared resource's random stream from its path,
// past the built-in streams, so that adding a resource changes no other.
func streamOf(path string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(lower(path)))
	return h.Sum64() | 1<<32
}

// generate returns the values of object i: Generate's, and a live
// object's id for each Ref it leaves out.
func (d *Declaration) generate(t *Tenant, rng *rand.Rand, i int) (Props, error) {
	p, err := d.Generate(rng, i)
	if err != nil {
		return nil, err
	}
	for _, ref := range d.Refs {
		if _, set := p[ref.Prop]; set {
			continue
		}
		live, err := liveObjects(t, ref.Prop, ref.Targets)
		if err != nil {
			return nil, err
		}
		if len(live) > 0 {
			p[ref.Prop], _ = json.Marshal(live[rng.IntN(len(live))].id) // a string always marshals
		}
	}
	return p, nil
}

// object generates object i with the given id.
func (d *Declaration) object(t *Tenant, rng *rand.Rand, id string, i int) (*Object, error) {
	p, err := d.generate(t, rng, i)
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", i, err)
	}
	frags, err := p.fragments(d.Schema)
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", i, err)
	}
	vals := make([][]byte, len(d.Schema.Props))
	for k, v := range frags {
		vals[k] = v
	}
	o := &Object{ID: id}
	o.enc, o.ends = packValues(vals)
	return o, nil
}

// link gives a new object its relationships: up to PerObject live targets
// each, at random. Generated links (seed) exist from sequence number 0.
func (d *Declaration) link(t *Tenant, c *Collection, rng *rand.Rand, o *Object, seed bool) error {
	for _, l := range d.Links {
		live, err := liveTargets(t, l)
		if err != nil {
			return err
		}
		prop := d.Schema.MustIndex(l.Prop)
		for _, k := range sample(rng, len(live), rng.IntN(l.PerObject+1)) {
			target := live[k]
			if target.id == o.ID {
				continue
			}
			if seed {
				c.seedLink(o, prop, target.id, target.typ)
			} else {
				c.link(o, prop, target.id, target.typ, true)
			}
		}
	}
	return nil
}

// target is a live object a relationship may link to.
type target struct{ id, typ string }

// liveTargets lists the live objects of a relationship's target resources,
// in registry order.
func liveTargets(t *Tenant, l DeclaredLink) ([]target, error) {
	all, err := liveObjects(t, "relationship "+l.Prop, l.Targets)
	if err != nil || len(l.TargetsIf) == 0 {
		return all, err
	}
	rule := linkRule{prop: l.Prop, targetsIf: l.TargetsIf}
	out := all[:0]
	for _, tg := range all {
		if rule.admits(t, tg.id) == nil {
			out = append(out, tg)
		}
	}
	return out, nil
}

// liveObjects lists the live objects of the resources paths name, in
// registry order; what names the property or relationship asking, in
// errors.
func liveObjects(t *Tenant, what string, paths []string) ([]target, error) {
	var out []target
	for _, path := range paths {
		r, ok := t.Directory(path)
		if !ok {
			return nil, fmt.Errorf("%s: no resource %q to link to (register it first)", what, path)
		}
		for _, i := range liveIndexes(r.Coll) {
			out = append(out, target{r.Coll.At(i).ID, r.Schema.Type})
		}
	}
	return out, nil
}
