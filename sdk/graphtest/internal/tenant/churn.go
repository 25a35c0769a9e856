package tenant

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// ChurnSpec asks for random but reproducible changes to one resource: the
// same tenant state and the same spec give the same changes.
type ChurnSpec struct {
	// Resource is a registered directory resource's path or table
	// ("users", "groups", "contacts" or one a test registered),
	// "messages" or "folders" (mail), "personal_contacts" or
	// "contact_folders".
	Resource string `json:"resource"`
	// Creates, Updates and Deletes count objects to create, update, delete.
	// Objects of resources that soft-delete (users, Microsoft 365 groups, a
	// registered resource with SoftDelete) are soft- or hard-deleted at
	// random.
	Creates int `json:"creates"`
	Updates int `json:"updates"`
	Deletes int `json:"deletes"`
	// Moves counts messages (personal contacts) moved to another folder of
	// the same mailbox; for folders, custom folders moved under another folder or (every
	// other move, when nested) to the top level.
	Moves int `json:"moves"`
	// Members counts group membership changes, or a registered
	// resource's link changes (half additions, half removals). It
	// defaults to Updates when omitted.
	Members *int `json:"members,omitempty"`
	// Restores counts soft-deleted objects brought back.
	Restores int `json:"restores"`
	// Seed drives the random choices.
	Seed int64 `json:"seed"`
}

// ChurnResult lists the ids that churn touched.
type ChurnResult struct {
	Created  []string `json:"created"`
	Updated  []string `json:"updated"`
	Deleted  []string `json:"deleted"`
	Moved    []string `json:"moved"`
	Members  []string `json:"members"`
	Restored []string `json:"restored"`
}

// Churn applies spec under the tenant lock.
func (t *Tenant) Churn(spec ChurnSpec) (ChurnResult, error) {
	t.Lock()
	defer t.Unlock()
	rng := rand.New(rand.NewPCG(uint64(spec.Seed), 0x636875726e))
	// extra drives the changes churn learnt later (more properties,
	// managers, members of other kinds), so that rng, and with it every
	// object a seed picks, stays as it was.
	extra := rand.New(rand.NewPCG(uint64(spec.Seed), 0x6578747261))
	res := ChurnResult{Created: []string{}, Updated: []string{}, Deleted: []string{}, Moved: []string{}, Members: []string{}, Restored: []string{}}
	var err error
	if r, ok := t.Directory(spec.Resource); ok {
		return res, r.Churn(t, rng, extra, spec, &res)
	}
	switch spec.Resource {
	case "messages":
		err = t.churnItems(rng, t.mailChurn(), spec, &res)
	case "folders", "mail_folders":
		err = t.churnFolders(rng, t.mailChurn(), spec, &res)
	case ContactTree.ItemsTable:
		err = t.churnItems(rng, t.contactChurn(), spec, &res)
	case ContactTree.FoldersTable:
		err = t.churnFolders(rng, t.contactChurn(), spec, &res)
	default:
		err = fmt.Errorf("%w: churn resource %q (want %s, messages, folders, %s or %s)", ErrInvalid, spec.Resource,
			strings.Join(t.Paths(), ", "), ContactTree.ItemsTable, ContactTree.FoldersTable)
	}
	return res, err
}

// churnDirectory churns a built-in collection: create makes one object,
// afterUpdate (when set) may change more of an updated one.
func (t *Tenant) churnDirectory(rng, extra *rand.Rand, c *Collection, spec ChurnSpec, res *ChurnResult,
	create func() (string, error), afterUpdate func(id string, live []int) error) error {
	name := c.Schema.EntitySet
	for i := 0; i < spec.Creates; i++ {
		id, err := create()
		if err != nil {
			return err
		}
		res.Created = append(res.Created, id)
	}
	live := liveIndexes(c)
	for _, i := range pickN(rng, live, spec.Updates) {
		o := c.At(i)
		if err := t.update(name, o.ID, randomChange(rng, extra, c.Schema, o, t.ticks)); err != nil {
			return err
		}
		res.Updated = append(res.Updated, o.ID)
		if afterUpdate != nil {
			if err := afterUpdate(o.ID, live); err != nil {
				return err
			}
		}
	}
	// Updates leave liveness alone, so the same live set serves deletes.
	for _, i := range pickN(rng, live, spec.Deletes) {
		o := c.At(i)
		if err := t.delete(name, o.ID, rng.IntN(2) == 0); err != nil {
			return err
		}
		res.Deleted = append(res.Deleted, o.ID)
	}
	restoreSome(rng, c, spec.Restores, res)
	return nil
}

// changeManager gives a user another live user as manager, or none.
func (t *Tenant) changeManager(rng *rand.Rand, userID string, live []int) error {
	manager := ""
	if m := t.Users.At(live[rng.IntN(len(live))]); rng.IntN(5) != 0 && m.ID != userID {
		manager = m.ID
	}
	return t.setManager(userID, manager)
}

func liveIndexes(c *Collection) []int {
	out := make([]int, 0, c.Len())
	for i := 0; i < c.Len(); i++ {
		if c.At(i).Live() {
			out = append(out, i)
		}
	}
	return out
}

// pickN returns up to n distinct elements of xs in a random order.
func pickN(rng *rand.Rand, xs []int, n int) []int {
	out := make([]int, 0, min(n, len(xs)))
	for _, k := range sample(rng, len(xs), n) {
		out = append(out, xs[k])
	}
	return out
}
