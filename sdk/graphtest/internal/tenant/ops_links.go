package tenant

import "fmt"

// AddMember links a user, group, contact, service principal or device
// into a group's members.
func (t *Tenant) AddMember(groupID, targetID string) error {
	return t.setLink(groupID, groupMembers, targetID, true)
}

// RemoveMember unlinks a member from a group.
func (t *Tenant) RemoveMember(groupID, targetID string) error {
	return t.setLink(groupID, groupMembers, targetID, false)
}

// AddOwner links a user as a group owner.
func (t *Tenant) AddOwner(groupID, targetID string) error {
	return t.setLink(groupID, groupOwners, targetID, true)
}

// RemoveOwner unlinks a group owner.
func (t *Tenant) RemoveOwner(groupID, targetID string) error {
	return t.setLink(groupID, groupOwners, targetID, false)
}

func (t *Tenant) setLink(groupID string, prop int, targetID string, add bool) error {
	t.Lock()
	defer t.Unlock()
	return t.link(groupID, prop, targetID, add)
}

func (t *Tenant) link(groupID string, prop int, targetID string, add bool) error {
	return t.linkIn(t.Groups, groupID, prop, targetID, add)
}

// SetLink adds (or with add false removes) a link of a relationship that
// has a truth table, e.g. ("groups", id, "members", userID, true): the
// target is any live object of a registered resource.
func (t *Tenant) SetLink(collection, id, relationship, targetID string, add bool) error {
	t.Lock()
	defer t.Unlock()
	r, err := t.directory(collection)
	if err != nil {
		return err
	}
	for _, l := range r.Links {
		if l.Prop == relationship {
			if add {
				if err := t.admitsLink(r, relationship, targetID); err != nil {
					return err
				}
			}
			return t.linkIn(r.Coll, id, r.Schema.MustIndex(l.Prop), targetID, add)
		}
	}
	return fmt.Errorf("%w: %s has no relationship %q", ErrNotFound, r.Schema.Type, relationship)
}

// linkIn links or unlinks a target in relationship prop of object id of c.
func (t *Tenant) linkIn(c *Collection, id string, prop int, targetID string, add bool) error {
	o, ok := c.Lookup(id)
	if !ok || !o.Live() {
		return fmt.Errorf("%w: %s %s", ErrNotFound, c.Schema.Type, id)
	}
	typ, err := t.directoryType(targetID)
	if add && err != nil {
		return err
	}
	if !c.link(o, prop, targetID, typ, add) {
		verb := "is already"
		if !add {
			verb = "is not"
		}
		return fmt.Errorf("%w: %s %s %s of %s %s", ErrInvalid, targetID, verb, c.Schema.Props[prop].Name, c.Schema.Type, id)
	}
	return nil
}

// SetManager sets (or with managerID "" clears) a user's manager.
func (t *Tenant) SetManager(userID, managerID string) error {
	t.Lock()
	defer t.Unlock()
	return t.setManager(userID, managerID)
}

func (t *Tenant) setManager(userID, managerID string) error {
	u, ok := t.Users.Lookup(userID)
	if !ok || !u.Live() {
		return fmt.Errorf("%w: user %s", ErrNotFound, userID)
	}
	if managerID != "" {
		if m, ok := t.Users.Lookup(managerID); !ok || !m.Live() {
			return fmt.Errorf("%w: manager %s", ErrNotFound, managerID)
		}
	}
	if u.Links != nil && u.Links[userManager] != nil {
		for _, l := range u.Links[userManager].Targets() {
			if l.TargetID == managerID {
				return nil
			}
			t.Users.link(u, userManager, l.TargetID, "", false)
		}
	}
	if managerID != "" {
		t.Users.link(u, userManager, managerID, "user", true)
	}
	return nil
}

// directoryType returns the type name of a live directory object of any
// registered resource.
func (t *Tenant) directoryType(id string) (string, error) {
	for _, r := range t.resources {
		if o, ok := r.Coll.Lookup(id); ok && o.Live() {
			return r.Schema.Type, nil
		}
	}
	if typ, ok := t.others[id]; ok {
		return typ, nil
	}
	return "", fmt.Errorf("%w: directory object %s", ErrNotFound, id)
}
