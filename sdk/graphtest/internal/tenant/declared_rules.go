package tenant

import (
	"bytes"
	"fmt"
	"sort"
)

// linkRule is a relationship whose targets of some resources must have a
// Bool property set to true (a directory role's groups: role-assignable
// ones only).
type linkRule struct {
	prop      string
	targetsIf map[string]string // target resource path → Bool property
}

// admits returns nil when the object id may be linked by the rule's
// relationship, or an error that names the property it lacks.
func (l linkRule) admits(t *Tenant, id string) error {
	for path, prop := range l.targetsIf {
		r, ok := t.Directory(path)
		if !ok {
			continue
		}
		o, ok := r.Coll.Lookup(id)
		if !ok {
			continue
		}
		i, ok := r.Schema.Index(prop)
		if !ok || !bytes.Equal(o.Value(i), []byte("true")) {
			return fmt.Errorf("%w: %s %s cannot be one of the %s: its %s is not true", ErrInvalid, r.Schema.Type, id, l.prop, prop)
		}
	}
	return nil
}

// admitsLink checks a link the admin API adds against the resource's rules.
func (t *Tenant) admitsLink(r *Resource, relationship, targetID string) error {
	for _, rule := range r.Admits {
		if rule.prop == relationship {
			return rule.admits(t, targetID)
		}
	}
	return nil
}

// checkDependents reports a dependent whose resource or property does not
// exist.
func checkDependents(t *Tenant, r *Resource) error {
	for _, d := range r.Dependents {
		dep, ok := t.Directory(d.Path)
		if !ok {
			return fmt.Errorf("%w: resource %s: dependent resource %q is not registered", ErrInvalid, r.Path, d.Path)
		}
		_, own := r.Schema.Index(d.Match)
		_, theirs := dep.Schema.Index(d.Match)
		if !own || !theirs {
			return fmt.Errorf("%w: resource %s: dependents of %s match on %q, which both must have", ErrInvalid, r.Path, d.Path, d.Match)
		}
	}
	return nil
}

// deleteDependents deletes the live dependents of o, an object of r that is
// being deleted: softly where their resource soft-deletes.
func (t *Tenant) deleteDependents(r *Resource, o *Object) error {
	for _, d := range r.Dependents {
		dep, ok := t.Directory(d.Path)
		if !ok {
			return fmt.Errorf("%w: resource %s: dependent resource %q is not registered", ErrInvalid, r.Path, d.Path)
		}
		own, ok1 := r.Schema.Index(d.Match)
		theirs, ok2 := dep.Schema.Index(d.Match)
		key := o.Value(own)
		if !ok1 || !ok2 || len(key) == 0 || string(key) == "null" {
			continue
		}
		var ids []string
		for _, i := range liveIndexes(dep.Coll) {
			if c := dep.Coll.At(i); bytes.Equal(c.Value(theirs), key) {
				ids = append(ids, c.ID)
			}
		}
		sort.Strings(ids)
		for _, id := range ids {
			if err := t.delete(d.Path, id, false); err != nil {
				return fmt.Errorf("deleting the %s of %s %s: %w", dep.Schema.Type, r.Schema.Type, o.ID, err)
			}
		}
	}
	return nil
}
