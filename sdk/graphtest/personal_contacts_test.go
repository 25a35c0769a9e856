package graphtest_test

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// contactsTenant is one mailbox with a default Contacts folder and four
// more (Clients nested in Suppliers), three contacts in each.
func contactsTenant(t *testing.T, variants ...graphtest.Variant) (*graphtest.Server, *client, string) {
	t.Helper()
	srv := graphtest.Start(t, graphtest.Options{Seed: 21, Users: 2, Mailboxes: 1, FoldersPerMailbox: 1,
		ContactFoldersPerMailbox: 5, ContactsPerFolder: 3, Variants: variants})
	c := newClient(t, srv)
	return srv, c, c.state("contact_folders")[0]["userId"].(string)
}

// names lists the displayName of items, sorted.
func names(items []map[string]any) []string {
	var out []string
	for _, it := range items {
		if n, ok := it["displayName"].(string); ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// TestContactFoldersListAndDeltaEitherWay: the default Contacts folder is
// reached as contactFolders/contacts; the list and the delta show the
// folders in it (top-level ones only for the list and with
// top-level-folders, every nested one otherwise), and the default folder
// itself only with default-contact-folder-listed.
func TestContactFoldersListAndDeltaEitherWay(t *testing.T) {
	tests := []struct {
		name      string
		variants  []graphtest.Variant
		wantList  []string
		wantDelta []string
	}{
		{"by default", nil, []string{"Conference 2025", "Family", "Suppliers"},
			[]string{"Clients", "Conference 2025", "Family", "Suppliers"}},
		{"with the default folder listed", []graphtest.Variant{graphtest.DefaultContactFolderListed},
			[]string{"Conference 2025", "Contacts", "Family", "Suppliers"}, []string{"Clients", "Conference 2025", "Contacts", "Family", "Suppliers"}},
		{"with top-level folders only", []graphtest.Variant{graphtest.TopLevelFolders},
			[]string{"Conference 2025", "Family", "Suppliers"}, []string{"Conference 2025", "Family", "Suppliers"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c, user := contactsTenant(t, tt.variants...)
			base := srv.GraphURL() + "/users/" + user + "/contactFolders"
			var root map[string]any
			if r := c.get(base + "/contacts"); r.status != 200 || json.Unmarshal(r.body, &root) != nil || root["displayName"] != "Contacts" {
				t.Fatalf("GET contactFolders/contacts: status %d: %s", r.status, r.body)
			}
			list := c.get(base)
			if list.status != 200 {
				t.Fatalf("GET contactFolders: status %d: %s", list.status, list.body)
			}
			if diff := cmp.Diff(tt.wantList, names(list.page.Value)); diff != "" {
				t.Errorf("list (-want +got):\n%s", diff)
			}
			items, _, _ := c.round(base+"/delta?$select=displayName,parentFolderId", "odata.maxpagesize=2")
			if diff := cmp.Diff(tt.wantDelta, names(items)); diff != "" {
				t.Errorf("delta (-want +got):\n%s", diff)
			}
			if truth := c.state("contact_folders"); len(truth) != 5 {
				t.Errorf("state/contact_folders has %d folders, want 5 (the default one included)", len(truth))
			}
		})
	}
}

// TestContactsDeltaFollowsMovesAndPartialUpdates: a folder's contacts
// delta returns contacts with @odata.type and an etag; a contact moved to
// another folder leaves the first folder's delta as @removed and enters
// the second's; with partial-updates an updated contact comes back as its
// id, what changed and parentFolderId. /users/{id}/contacts/delta reads
// the default folder.
func TestContactsDeltaFollowsMovesAndPartialUpdates(t *testing.T) {
	srv, c, user := contactsTenant(t, graphtest.PartialUpdates)
	folders := c.state("contact_folders")
	var def, other string
	for _, f := range folders {
		switch f["displayName"] {
		case "Contacts":
			def = f["id"].(string)
		case "Family":
			other = f["id"].(string)
		}
	}
	delta := func(folder string) string {
		return srv.GraphURL() + "/users/" + user + "/contactFolders/" + folder + "/contacts/delta?$select=displayName,jobTitle,parentFolderId"
	}
	items, defLink, _ := c.round(delta(def), "odata.maxpagesize=2", `IdType="ImmutableId"`)
	if len(items) != 3 || items[0]["@odata.type"] != "#microsoft.graph.contact" || items[0]["@odata.etag"] == nil {
		t.Fatalf("default folder round: %v", items)
	}
	plain, _, _ := c.round(srv.GraphURL()+"/users/"+user+"/contacts/delta", `IdType="ImmutableId"`)
	if diff := cmp.Diff(names(items), names(plain)); diff != "" {
		t.Errorf("/contacts/delta is not the default folder's contacts (-folder +contacts):\n%s", diff)
	}
	_, otherLink, _ := c.round(delta(other), `IdType="ImmutableId"`)
	moved, updated := items[0]["id"].(string), items[1]["id"].(string)
	if _, err := srv.Tenant().MoveTreeItem(graphtest.ContactTree, user, moved, other); err != nil {
		t.Fatal(err)
	}
	if err := srv.Tenant().UpdateTreeItem(graphtest.ContactTree, user, updated, graphtest.Props{"jobTitle": []byte(`"Chief Contact"`)}); err != nil {
		t.Fatal(err)
	}
	got, _, _ := c.round(defLink, `IdType="ImmutableId"`)
	want := []map[string]any{
		{"@odata.type": "#microsoft.graph.contact", "id": moved, "@removed": map[string]any{"reason": "deleted"}},
		{"id": updated, "jobTitle": "Chief Contact", "parentFolderId": def},
	}
	for _, it := range got {
		delete(it, "@odata.etag")
		if it["id"] == updated {
			delete(it, "@odata.type")
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("default folder's incremental round (-want +got):\n%s", diff)
	}
	got, _, _ = c.round(otherLink, `IdType="ImmutableId"`)
	if len(got) != 1 || got[0]["id"] != moved || got[0]["parentFolderId"] != other {
		t.Errorf("the moved contact does not enter its new folder: %v", got)
	}
}

// TestContactsAdminAPI: the admin API changes personal contacts as it
// changes mail: folders created, moved and deleted with their contacts,
// contacts created, updated and moved; the truth follows.
func TestContactsAdminAPI(t *testing.T) {
	_, c, user := contactsTenant(t)
	var folder, parent, contact struct {
		ID string `json:"id"`
	}
	steps := []struct {
		method, path string
		body, out    any
		want         int
	}{
		{"POST", "/users/" + user + "/contactFolders", map[string]string{"displayName": "Vendors"}, &folder, 201},
		{"POST", "/users/" + user + "/contactFolders", map[string]string{"displayName": "Archive"}, &parent, 201},
	}
	for _, s := range steps {
		if got := c.admin(s.method, s.path, s.body, s.out); got != s.want {
			t.Fatalf("%s %s: status %d, want %d", s.method, s.path, got, s.want)
		}
	}
	steps = []struct {
		method, path string
		body, out    any
		want         int
	}{
		{"POST", "/users/" + user + "/contactFolders/" + folder.ID + "/contacts", map[string]any{"displayName": "Ada Lovelace"}, &contact, 201},
		{"PATCH", "/users/" + user + "/contacts/" + "missing", map[string]any{"jobTitle": "x"}, nil, 404},
		{"POST", "/users/" + user + "/contactFolders/" + folder.ID + "/move", map[string]string{"destinationId": parent.ID}, nil, 204},
		{"POST", "/users/" + user + "/contactFolders/" + folder.ID + "/move", map[string]string{"destinationId": folder.ID}, nil, 400},
	}
	for _, s := range steps {
		if got := c.admin(s.method, s.path, s.body, s.out); got != s.want {
			t.Fatalf("%s %s: status %d, want %d", s.method, s.path, got, s.want)
		}
	}
	if got := c.admin("PATCH", "/users/"+user+"/contacts/"+contact.ID, map[string]any{"jobTitle": "Analyst"}, nil); got != 204 {
		t.Fatalf("update contact: status %d", got)
	}
	byID := func(table, id string) map[string]any {
		for _, row := range c.state(table) {
			if row["id"] == id {
				return row
			}
		}
		return nil
	}
	if f := byID("contact_folders", folder.ID); f == nil || f["parentFolderId"] != parent.ID {
		t.Errorf("the moved folder is %v, want it under %s", f, parent.ID)
	}
	if p := byID("personal_contacts", contact.ID); p == nil || p["jobTitle"] != "Analyst" || p["displayName"] != "Ada Lovelace" {
		t.Errorf("the contact is %v", p)
	}
	if got := c.admin("DELETE", "/users/"+user+"/contactFolders/"+parent.ID, nil, nil); got != 204 {
		t.Fatalf("delete folder: status %d", got)
	}
	if byID("contact_folders", folder.ID) != nil || byID("personal_contacts", contact.ID) != nil {
		t.Error("deleting a folder left its child folder or its contacts")
	}
}
