package graphtest_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// replica is what a client holds after applying delta rounds: objects by id
// and, for groups, member sets.
type replica struct {
	objects map[string]map[string]any
	members map[string]map[string]bool
	minimal bool
}

func newReplica(minimal bool) *replica {
	return &replica{objects: map[string]map[string]any{}, members: map[string]map[string]bool{}, minimal: minimal}
}

// apply folds one round's items in order: later items win, minimal items
// merge into the known object, removals delete.
func (r *replica) apply(items []map[string]any) {
	for _, it := range items {
		id := it["id"].(string)
		if removed(it) != "" {
			delete(r.objects, id)
			delete(r.members, id)
			continue
		}
		obj := r.objects[id]
		if obj == nil || !r.minimal {
			obj = map[string]any{}
		}
		for k, v := range it {
			if k != "members@delta" && k[0] != '@' {
				obj[k] = v
			}
		}
		r.objects[id] = obj
		for _, m := range asList(it["members@delta"]) {
			mm := m.(map[string]any)
			if r.members[id] == nil {
				r.members[id] = map[string]bool{}
			}
			if removed(mm) != "" {
				delete(r.members[id], mm["id"].(string))
			} else {
				r.members[id][mm["id"].(string)] = true
			}
		}
	}
}

// roundWithChurn pages a round and churns the tenant between its pages.
func roundWithChurn(c *client, link string, churn func(), prefer ...string) ([]map[string]any, string) {
	var items []map[string]any
	for {
		p := c.ok(link, prefer...)
		items = append(items, p.Value...)
		if p.DeltaLink != "" {
			return items, p.DeltaLink
		}
		churn()
		link = p.NextLink
	}
}

func compareObjects(t *testing.T, table string, got map[string]map[string]any, want []map[string]any, fields []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: replica holds %d objects, truth %d", table, len(got), len(want))
	}
	for _, row := range want {
		obj, ok := got[row["id"].(string)]
		if !ok {
			t.Errorf("%s: %s missing from the replica", table, row["id"])
			continue
		}
		for _, f := range fields {
			if !reflect.DeepEqual(obj[f], row[f]) {
				t.Errorf("%s %s: %s = %v, truth %v", table, row["id"], f, obj[f], row[f])
			}
		}
	}
}

func TestReplicasConvergeUnderChurn(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 61, Users: 700, Groups: 12, MembersPerGroup: 40, Contacts: 300,
		DirectoryPageSize: 50, LinksPerPage: 60})
	c := newClient(t, srv)
	seed := int64(0)
	churn := func(resource string, n int) func() {
		return func() {
			seed++
			spec := graphtest.ChurnSpec{Resource: resource, Creates: n, Updates: 2 * n, Deletes: n, Restores: 1, Seed: seed}
			if _, err := srv.Tenant().Churn(spec); err != nil {
				t.Fatalf("churn %s: %v", resource, err)
			}
		}
	}
	userFields := []string{"displayName", "jobTitle", "department", "mobilePhone", "officeLocation"}
	contactFields := []string{"displayName", "jobTitle", "department", "companyName", "mail"}
	users, groups, contacts := newReplica(false), newReplica(false), newReplica(true)
	userLink := srv.GraphURL() + "/users/delta?$select=displayName,jobTitle,department,mobilePhone,officeLocation"
	groupLink := srv.GraphURL() + "/groups/delta?$select=displayName,description,members"
	contactLink := srv.GraphURL() + "/contacts/delta?$select=displayName,jobTitle,department,companyName,mail"
	for round := 0; round < 6; round++ {
		var items []map[string]any
		items, userLink = roundWithChurn(c, userLink, churn("users", 3))
		users.apply(items)
		items, groupLink = roundWithChurn(c, groupLink, churn("groups", 1))
		groups.apply(items)
		items, contactLink = roundWithChurn(c, contactLink, churn("contacts", 2), "return=minimal")
		contacts.apply(items)
		churn("users", 5)()
		churn("groups", 2)()
		churn("contacts", 4)()
	}
	// A last round with no churn brings every replica level with the truth.
	items, _ := roundWithChurn(c, userLink, func() {})
	users.apply(items)
	items, _ = roundWithChurn(c, groupLink, func() {})
	groups.apply(items)
	items, _ = roundWithChurn(c, contactLink, func() {}, "return=minimal")
	contacts.apply(items)

	compareObjects(t, "users", users.objects, c.state("users"), userFields)
	compareObjects(t, "groups", groups.objects, c.state("groups"), []string{"displayName", "description"})
	compareObjects(t, "org_contacts", contacts.objects, c.state("org_contacts"), contactFields)
	want := map[string]bool{}
	for _, m := range c.state("group_members") {
		want[fmt.Sprint(m["groupId"], "/", m["memberId"])] = true
	}
	got := map[string]bool{}
	for g, ms := range groups.members {
		if _, live := groups.objects[g]; !live {
			continue
		}
		for m := range ms {
			got[g+"/"+m] = true
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("group members: replica has %d pairs, truth %d", len(got), len(want))
	}
}

func TestMailReplicaConvergesUnderChurnWithMoves(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 62, Users: 4, Mailboxes: 2, FoldersPerMailbox: 5, MessagesPerFolder: 30})
	c := newClient(t, srv)
	prefer := []string{`IdType="ImmutableId"`, "odata.maxpagesize=7"}
	links := map[string]string{}   // folder → message deltaLink
	folders := map[string]string{} // folder → mailbox
	for _, f := range c.state("mail_folders") {
		fid := f["id"].(string)
		folders[fid] = f["userId"].(string)
		links[fid] = srv.GraphURL() + "/users/" + f["userId"].(string) + "/mailFolders/" + fid + "/messages/delta?$select=subject,isRead,parentFolderId,categories"
	}
	replicas := map[string]*replica{}
	seed := int64(100)
	for round := 0; round < 5; round++ {
		for fid, link := range links {
			if replicas[fid] == nil {
				replicas[fid] = newReplica(false)
			}
			items, next := roundWithChurn(c, link, func() {
				seed++
				if _, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "messages", Creates: 2, Updates: 3, Deletes: 1, Moves: 3, Seed: seed}); err != nil {
					t.Fatal(err)
				}
			}, prefer...)
			replicas[fid].apply(items)
			links[fid] = next
		}
	}
	for fid, link := range links {
		items, _ := roundWithChurn(c, link, func() {}, prefer...)
		replicas[fid].apply(items)
	}
	union := map[string]map[string]any{}
	for fid, r := range replicas {
		for id, obj := range r.objects {
			if prev, dup := union[id]; dup {
				t.Errorf("message %s is in folders %v and %s at once", id, prev["parentFolderId"], fid)
			}
			union[id] = obj
		}
	}
	compareObjects(t, "messages", union, c.state("messages"), []string{"subject", "isRead", "parentFolderId", "categories"})
}
