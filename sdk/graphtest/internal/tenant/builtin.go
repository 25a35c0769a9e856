package tenant

import (
	"bytes"
	"math/rand/v2"
	"net/url"
)

// builtins returns the built-in directory resources in registry order:
// users, groups, contacts. They are generated in the order of their
// streams (users, contacts, groups: groups draw members from the other
// two).
func builtins() []*Resource {
	return []*Resource{
		{Path: "users", Table: "users", Schema: UserSchema, Stream: 1,
			Seed: func(t *Tenant, rng *rand.Rand, opts Options) error { genUsers(t, rng, opts.Users); return nil },
			New: func(t *Tenant, id string, _ url.Values) (*Object, error) {
				return userObject(t, newBuilder(UserSchema), t.rng, id, t.Users.Len()), nil
			},
			Churn: func(t *Tenant, rng, extra *rand.Rand, spec ChurnSpec, res *ChurnResult) error {
				return t.churnDirectory(rng, extra, t.Users, spec, res, func() (string, error) { return t.createUser(nil) },
					func(id string, live []int) error {
						if extra.IntN(4) == 0 {
							return t.changeManager(extra, id, live)
						}
						return nil
					})
			},
			SoftDelete: func(*Object) bool { return true }, Restorable: true, Extras: userExtras},
		{Path: "groups", Table: "groups", Schema: GroupSchema, Stream: 3,
			Seed: func(t *Tenant, rng *rand.Rand, opts Options) error {
				genGroups(t, rng, opts.Groups, opts.MembersPerGroup)
				return nil
			},
			New: func(t *Tenant, id string, flags url.Values) (*Object, error) {
				return groupObject(t, t.rng, id, t.Groups.Len(), flags.Get("unified") == "true"), nil
			},
			Churn: churnGroups, SoftDelete: isUnified, Restorable: true,
			Links: []LinkTable{
				{Table: "group_members", Prop: "members", Parent: "groupId", Target: "memberId", TargetType: "memberType"},
				{Table: "group_owners", Prop: "owners", Parent: "groupId", Target: "memberId", TargetType: "memberType"},
			}},
		{Path: "contacts", Table: "org_contacts", Schema: ContactSchema, Stream: 2,
			Seed: func(t *Tenant, rng *rand.Rand, opts Options) error { genContacts(t, rng, opts.Contacts); return nil },
			New: func(t *Tenant, id string, _ url.Values) (*Object, error) {
				return contactObject(t.rng, id, t.Contacts.Len()), nil
			},
			Churn: func(t *Tenant, rng, extra *rand.Rand, spec ChurnSpec, res *ChurnResult) error {
				return t.churnDirectory(rng, extra, t.Contacts, spec, res, func() (string, error) { return t.createContact(nil) }, nil)
			}},
	}
}

// churnGroups churns groups and their members: spec.Members membership
// changes (spec.Updates when unset), a third of them of service principals
// and devices when the tenant has some.
func churnGroups(t *Tenant, rng, extra *rand.Rand, spec ChurnSpec, res *ChurnResult) error {
	err := t.churnDirectory(rng, extra, t.Groups, spec, res, func() (string, error) {
		id, err := t.createGroup(nil, rng.IntN(3) == 0)
		if err == nil {
			t.addRandomMembers(rng, id, 1+rng.IntN(5))
		}
		return id, err
	}, nil)
	n := spec.Updates
	if spec.Members != nil {
		n = *spec.Members
	}
	if err == nil {
		err = t.churnMembers(rng, n, res)
	}
	if err == nil && n > 0 && len(t.othersList) > 0 {
		err = t.churnOtherMembers(extra, max(1, n/3), res)
	}
	return err
}

// isUnified reports whether a group is a Microsoft 365 group: those are
// soft-deleted, security groups deleted for good.
func isUnified(o *Object) bool { return bytes.Contains(o.Value(groupTypes), []byte(`"Unified"`)) }
