package tenant

import (
	"fmt"
	"net/url"
)

var (
	userManager  = UserSchema.MustIndex("manager")
	groupMembers = GroupSchema.MustIndex("members")
	groupOwners  = GroupSchema.MustIndex("owners")
	groupTypes   = GroupSchema.MustIndex("groupTypes")
)

// Create adds an object to a registered directory resource: a generated
// one overridden by p ("id" in p fixes the id); flags are the admin
// request's query (groups read "unified"). It returns the new id.
func (t *Tenant) Create(collection string, p Props, flags url.Values) (string, error) {
	t.Lock()
	defer t.Unlock()
	r, err := t.directory(collection)
	if err != nil {
		return "", err
	}
	return t.createIn(r.Coll, p, func(id string) (*Object, error) { return r.New(t, id, flags) })
}

// CreateUser adds a user: a generated one overridden by p ("id" in p fixes
// the id). It returns the new user's id.
func (t *Tenant) CreateUser(p Props) (string, error) {
	t.Lock()
	defer t.Unlock()
	return t.createUser(p)
}

func (t *Tenant) createUser(p Props) (string, error) {
	return t.createIn(t.Users, p, func(id string) (*Object, error) {
		return userObject(t, newBuilder(UserSchema), t.rng, id, t.Users.Len()), nil
	})
}

// createIn adds a generated object, overridden by p, to a directory
// collection. "id" in p fixes the id.
func (t *Tenant) createIn(c *Collection, p Props, generate func(id string) (*Object, error)) (string, error) {
	id := t.idFrom(p)
	if _, exists := c.Lookup(id); exists {
		return "", fmt.Errorf("%w: %s %s already exists", ErrInvalid, c.Schema.Type, id)
	}
	frags, err := p.fragments(c.Schema)
	if err != nil {
		return "", err
	}
	o, err := generate(id)
	if err != nil {
		return "", err
	}
	o.overwrite(frags)
	c.insert(o)
	return id, nil
}

// CreateGroup adds a group, generated and overridden by p; unified chooses
// a Microsoft 365 group over a security group when p has no groupTypes.
func (t *Tenant) CreateGroup(p Props, unified bool) (string, error) {
	t.Lock()
	defer t.Unlock()
	return t.createGroup(p, unified)
}

func (t *Tenant) createGroup(p Props, unified bool) (string, error) {
	return t.createIn(t.Groups, p, func(id string) (*Object, error) {
		return groupObject(t, t.rng, id, t.Groups.Len(), unified), nil
	})
}

// CreateContact adds an organisational contact, generated and overridden by p.
func (t *Tenant) CreateContact(p Props) (string, error) {
	t.Lock()
	defer t.Unlock()
	return t.createContact(p)
}

func (t *Tenant) createContact(p Props) (string, error) {
	return t.createIn(t.Contacts, p, func(id string) (*Object, error) {
		return contactObject(t.rng, id, t.Contacts.Len()), nil
	})
}

// Update sets properties of a live object of a registered directory
// resource ("users", "groups", "contacts"…).
func (t *Tenant) Update(collection, id string, p Props) error {
	t.Lock()
	defer t.Unlock()
	return t.update(collection, id, p)
}

func (t *Tenant) update(collection, id string, p Props) error {
	r, err := t.directory(collection)
	if err != nil {
		return err
	}
	c := r.Coll
	o, ok := c.Lookup(id)
	if !ok || !o.Live() {
		return fmt.Errorf("%w: %s %s", ErrNotFound, c.Schema.Type, id)
	}
	frags, err := p.fragments(c.Schema)
	if err != nil {
		return err
	}
	c.update(o, frags)
	return nil
}

// Delete removes a directory object. Objects of resources that soft-delete
// (users, Microsoft 365 groups) are soft-deleted (reason "changed") unless
// hard is set; the others (security groups, contacts) are always deleted
// for good. Deleting a soft-deleted object with hard set purges it. An
// object deleted for good leaves every relationship that has a truth table
// (a group's members and owners): its parents' <relationship>@delta report
// it removed. Deleting a live object deletes its resource's Dependents
// too; a resource with NoDelete (directory roles) refuses.
func (t *Tenant) Delete(collection, id string, hard bool) error {
	t.Lock()
	defer t.Unlock()
	return t.delete(collection, id, hard)
}

func (t *Tenant) delete(collection, id string, hard bool) error {
	r, err := t.directory(collection)
	if err != nil {
		return err
	}
	c := r.Coll
	if r.NoDelete {
		return fmt.Errorf("%w: Graph has no delete for a %s (%s %s)", ErrInvalid, c.Schema.Type, r.Path, id)
	}
	o, ok := c.Lookup(id)
	if !ok || (!o.Live() && (!hard || o.Reason == ReasonDeleted)) {
		return fmt.Errorf("%w: %s %s", ErrNotFound, c.Schema.Type, id)
	}
	wasLive := o.Live()
	soft := !hard && r.SoftDelete != nil && r.SoftDelete(o)
	if soft {
		c.remove(o, ReasonChanged)
	} else {
		c.remove(o, ReasonDeleted)
		t.unlinkEverywhere(id)
	}
	if wasLive {
		return t.deleteDependents(r, o)
	}
	return nil
}

// Restore brings back a soft-deleted object (a user, a group); it returns
// as a new item.
func (t *Tenant) Restore(collection, id string) error {
	t.Lock()
	defer t.Unlock()
	r, err := t.directory(collection)
	if err != nil {
		return err
	}
	c := r.Coll
	o, ok := c.Lookup(id)
	if !ok || o.Live() || o.Reason != ReasonChanged {
		return fmt.Errorf("%w: no soft-deleted %s %s", ErrNotFound, c.Schema.Type, id)
	}
	c.restore(o)
	return nil
}

// unlinkEverywhere removes a permanently deleted object from every
// relationship that has a truth table (a group's members and owners).
func (t *Tenant) unlinkEverywhere(id string) {
	for _, r := range t.resources {
		if len(r.Links) == 0 {
			continue
		}
		for i := 0; i < r.Coll.Len(); i++ {
			o := r.Coll.At(i)
			for _, l := range r.Links {
				prop := r.Schema.MustIndex(l.Prop)
				if o.Links != nil && o.Links[prop] != nil && o.Links[prop].Has(id) {
					r.Coll.link(o, prop, id, "", false)
				}
			}
		}
	}
}

func (t *Tenant) idFrom(p Props) string {
	if raw, ok := p["id"]; ok {
		if id := strValue(raw); id != "" {
			return id
		}
	}
	return newGUID(t.rng)
}
