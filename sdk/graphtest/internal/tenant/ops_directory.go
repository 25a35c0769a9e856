package tenant

import (
	"bytes"
	"fmt"
)

var (
	userManager  = UserSchema.MustIndex("manager")
	groupMembers = GroupSchema.MustIndex("members")
	groupOwners  = GroupSchema.MustIndex("owners")
	groupTypes   = GroupSchema.MustIndex("groupTypes")
)

// CreateUser adds a user: a generated one overridden by p ("id" in p fixes
// the id). It returns the new user's id.
func (t *Tenant) CreateUser(p Props) (string, error) {
	t.Lock()
	defer t.Unlock()
	return t.createUser(p)
}

func (t *Tenant) createUser(p Props) (string, error) {
	return t.createIn(t.Users, p, func(id string) *Object {
		return userObject(t, newBuilder(UserSchema), t.rng, id, t.Users.Len())
	})
}

// createIn adds a generated object, overridden by p, to a directory
// collection. "id" in p fixes the id.
func (t *Tenant) createIn(c *Collection, p Props, generate func(id string) *Object) (string, error) {
	id := t.idFrom(p)
	if _, exists := c.Lookup(id); exists {
		return "", fmt.Errorf("%w: %s %s already exists", ErrInvalid, c.Schema.Type, id)
	}
	frags, err := p.fragments(c.Schema)
	if err != nil {
		return "", err
	}
	o := generate(id)
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
	return t.createIn(t.Groups, p, func(id string) *Object {
		return groupObject(t, t.rng, id, t.Groups.Len(), unified)
	})
}

// CreateContact adds an organisational contact, generated and overridden by p.
func (t *Tenant) CreateContact(p Props) (string, error) {
	t.Lock()
	defer t.Unlock()
	return t.createContact(p)
}

func (t *Tenant) createContact(p Props) (string, error) {
	return t.createIn(t.Contacts, p, func(id string) *Object {
		return contactObject(t.rng, id, t.Contacts.Len())
	})
}

// Update sets properties of a live directory object ("users", "groups" or
// "contacts").
func (t *Tenant) Update(collection, id string, p Props) error {
	t.Lock()
	defer t.Unlock()
	return t.update(collection, id, p)
}

func (t *Tenant) update(collection, id string, p Props) error {
	c, err := t.directory(collection)
	if err != nil {
		return err
	}
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

// Delete removes a directory object. Users and Microsoft 365 groups are
// soft-deleted (reason "changed") unless hard is set; security groups and
// contacts are always deleted for good. Deleting a soft-deleted object with
// hard set purges it. A user, group or contact deleted for good leaves
// every group it was a member or owner of: its parents' members@delta
// report it removed.
func (t *Tenant) Delete(collection, id string, hard bool) error {
	t.Lock()
	defer t.Unlock()
	return t.delete(collection, id, hard)
}

func (t *Tenant) delete(collection, id string, hard bool) error {
	c, err := t.directory(collection)
	if err != nil {
		return err
	}
	o, ok := c.Lookup(id)
	if !ok || (!o.Live() && (!hard || o.Reason == ReasonDeleted)) {
		return fmt.Errorf("%w: %s %s", ErrNotFound, c.Schema.Type, id)
	}
	soft := !hard && (c == t.Users || (c == t.Groups && bytes.Contains(o.Value(groupTypes), []byte(`"Unified"`))))
	if soft {
		c.remove(o, ReasonChanged)
		return nil
	}
	c.remove(o, ReasonDeleted)
	t.unlinkEverywhere(id)
	return nil
}

// Restore brings back a soft-deleted user or group; it returns as a new item.
func (t *Tenant) Restore(collection, id string) error {
	t.Lock()
	defer t.Unlock()
	c, err := t.directory(collection)
	if err != nil {
		return err
	}
	o, ok := c.Lookup(id)
	if !ok || o.Live() || o.Reason != ReasonChanged {
		return fmt.Errorf("%w: no soft-deleted %s %s", ErrNotFound, c.Schema.Type, id)
	}
	c.restore(o)
	return nil
}

// unlinkEverywhere removes a permanently deleted object from every group's
// members and owners.
func (t *Tenant) unlinkEverywhere(id string) {
	for i := 0; i < t.Groups.Len(); i++ {
		g := t.Groups.At(i)
		for _, prop := range []int{groupMembers, groupOwners} {
			if g.Links != nil && g.Links[prop] != nil && g.Links[prop].Has(id) {
				t.Groups.link(g, prop, id, "", false)
			}
		}
	}
}

func (t *Tenant) directory(collection string) (*Collection, error) {
	switch collection {
	case "users":
		return t.Users, nil
	case "groups":
		return t.Groups, nil
	case "contacts", "org_contacts":
		return t.Contacts, nil
	}
	return nil, fmt.Errorf("%w: unknown directory collection %q (want users, groups or contacts)", ErrInvalid, collection)
}

func (t *Tenant) idFrom(p Props) string {
	if raw, ok := p["id"]; ok {
		if id := strValue(raw); id != "" {
			return id
		}
	}
	return newGUID(t.rng)
}
