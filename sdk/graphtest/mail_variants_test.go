package graphtest_test

import (
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// itemKeys lists an item's property names, sorted.
func itemKeys(item map[string]any) []string {
	k := keys(item)
	sort.Strings(k)
	return k
}

func TestPartialUpdatesOfOutlookItems(t *testing.T) {
	tests := []struct {
		name                string
		variants            []graphtest.Variant
		wantMsg, wantFolder []string
	}{
		{"by default an update carries every selected property", nil,
			[]string{"@odata.etag", "@odata.type", "id", "isRead", "parentFolderId", "sender", "subject"},
			[]string{"childFolderCount", "displayName", "id", "isHidden", "parentFolderId", "totalItemCount", "unreadItemCount"}},
		{"with partial-updates it carries what changed and parentFolderId", []graphtest.Variant{graphtest.PartialUpdates},
			[]string{"@odata.etag", "@odata.type", "id", "isRead", "parentFolderId"},
			[]string{"id", "parentFolderId", "unreadItemCount"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 41, Users: 3, Mailboxes: 1, FoldersPerMailbox: 9, MessagesPerFolder: 4, Variants: tt.variants})
			c := newClient(t, srv)
			user, inbox := mailbox(t, c)
			msgs := srv.GraphURL() + "/users/" + user + "/mailFolders/inbox/messages/delta?" + msgSelect
			folders := srv.GraphURL() + "/users/" + user + "/mailFolders/delta"
			all, msgLink, _ := c.round(msgs, "odata.maxpagesize=50")
			_, folderLink, _ := c.round(folders, "odata.maxpagesize=50")
			_, userLink, _ := c.round(srv.GraphURL() + "/users/delta?$select=displayName,jobTitle")
			var target map[string]any
			for _, m := range all {
				if m["isRead"] == true {
					target = m
				}
			}
			if target == nil {
				t.Fatal("no read message in the inbox")
			}
			must(t, srv.Tenant().UpdateMessage(user, target["id"].(string), graphtest.Props{"isRead": []byte("false")}))
			must(t, srv.Tenant().Update("users", user, graphtest.Props{"jobTitle": []byte(`"Changed"`)}))
			changed, _, _ := c.round(msgLink, "odata.maxpagesize=50")
			if len(changed) != 1 {
				t.Fatalf("message round after a read toggle: %v", changed)
			}
			if diff := cmp.Diff(tt.wantMsg, itemKeys(changed[0])); diff != "" {
				t.Errorf("updated message's properties (-want +got):\n%s", diff)
			}
			got := ids(must2(c.round(folderLink, "odata.maxpagesize=50")))
			if diff := cmp.Diff(tt.wantFolder, itemKeys(got[inbox])); diff != "" {
				t.Errorf("inbox after its unread count changed (-want +got):\n%s", diff)
			}
			// Entra returns every selected property in default mode: the
			// variant leaves directory resources alone.
			users := ids(must2(c.round(userLink)))
			if diff := cmp.Diff([]string{"displayName", "id", "jobTitle"}, itemKeys(users[user])); diff != "" {
				t.Errorf("updated user's properties (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTopLevelFolders(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 42, Users: 2, Mailboxes: 1, FoldersPerMailbox: 14, MessagesPerFolder: 1,
		FolderDepth: 3, Variants: []graphtest.Variant{graphtest.TopLevelFolders}})
	c := newClient(t, srv)
	user, inbox := mailbox(t, c)
	base := srv.GraphURL() + "/users/" + user + "/mailFolders"
	top, topLink, _ := c.round(base+"/delta", "odata.maxpagesize=50")
	if len(top) != 8 {
		t.Fatalf("mailFolders/delta returned %d folders, want the 8 top-level ones", len(top))
	}
	kids, kidsLink, _ := c.round(base+"/inbox/childFolders/delta", "odata.maxpagesize=50")
	list := c.get(base + "/" + inbox + "/childFolders").page.Value
	if len(kids) != 2 || len(list) != 2 {
		t.Fatalf("the inbox's children: %d by delta and %d by list, want 2 (chains of 3 among 6 custom folders)", len(kids), len(list))
	}
	child := kids[0]["id"].(string)
	grand, _, _ := c.round(base+"/"+child+"/childFolders/delta", "odata.maxpagesize=50")
	if len(grand) != 1 || grand[0]["parentFolderId"] != child {
		t.Fatalf("grandchildren of the inbox: %v", grand)
	}
	nested := grand[0]["id"].(string)

	must(t, srv.Tenant().MoveFolder(user, nested, "msgfolderroot"))
	moved := ids(must2(c.round(topLink, "odata.maxpagesize=50")))
	if moved[nested]["displayName"] == nil || moved[nested]["parentFolderId"] == child {
		t.Errorf("a folder moved to the top level must show in mailFolders/delta whole: %v", moved)
	}
	must(t, srv.Tenant().MoveFolder(user, child, "drafts"))
	gone := ids(must2(c.round(kidsLink, "odata.maxpagesize=50")))
	if removed(gone[child]) != "deleted" {
		t.Errorf("a folder moved away from the inbox must be removed from its childFolders/delta: %v", gone)
	}
	if r := c.get(base + "/nonexistent/childFolders/delta"); r.status != 404 {
		t.Errorf("childFolders/delta of a missing folder: status %d, want 404", r.status)
	}
}

func TestFolderDepth(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 43, Users: 1, Mailboxes: 1, FoldersPerMailbox: 8 + 8, FolderDepth: 4})
	c := newClient(t, srv)
	parent := map[string]string{}
	for _, f := range c.state("mail_folders") {
		parent[f["id"].(string)] = f["parentFolderId"].(string)
	}
	deepest := 0
	for id := range parent {
		d := 0
		for p, ok := parent[id]; ok; p, ok = parent[p] {
			d++
		}
		deepest = max(deepest, d)
	}
	if deepest != 5 { // Inbox is level 1, four levels of custom folders below it
		t.Errorf("deepest folder at level %d, want 5", deepest)
	}
}
