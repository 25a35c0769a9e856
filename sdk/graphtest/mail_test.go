package graphtest_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

const msgSelect = "$select=subject,sender,isRead,parentFolderId"

// mailbox returns the first mailbox owner and the id of its inbox.
func mailbox(t *testing.T, c *client) (user, inbox string) {
	t.Helper()
	for _, f := range c.state("mail_folders") {
		if f["displayName"] == "Inbox" {
			return f["userId"].(string), f["id"].(string)
		}
	}
	t.Fatal("no inbox in the tenant")
	return "", ""
}

// TestMessagesSeedExchange replays the message seed: five messages, pages
// of two, then one deletion and one message marked read.
func TestMessagesSeedExchange(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 11, Users: 3, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 5})
	c := newClient(t, srv)
	user, _ := mailbox(t, c)
	start := srv.GraphURL() + "/users/" + user + "/mailFolders/inbox/messages/delta?$select=subject,sender,isRead"

	r := c.get(start, "odata.maxpagesize=2")
	if r.status != 200 || len(r.page.Value) != 2 || r.page.NextLink == "" {
		t.Fatalf("first page: status %d, %d items, nextLink %q", r.status, len(r.page.Value), r.page.NextLink)
	}
	if r.header.Get("Preference-Applied") != "odata.maxpagesize=2" {
		t.Errorf("Preference-Applied = %q", r.header.Get("Preference-Applied"))
	}
	if r.page.Context != srv.GraphURL()+"/$metadata#Collection(message)" {
		t.Errorf("context = %q", r.page.Context)
	}
	if !strings.Contains(r.page.NextLink, "/mailFolders('") {
		t.Errorf("message links use the key form mailFolders('id'): %q", r.page.NextLink)
	}
	first := r.page.Value[0]
	if first["@odata.type"] != "#microsoft.graph.message" || !strings.HasPrefix(first["@odata.etag"].(string), `W/"`) {
		t.Errorf("message item lacks @odata.type or a weak etag: %v", first)
	}
	items, link, pages := c.round(start, "odata.maxpagesize=2")
	if pages != 3 || len(items) != 5 {
		t.Fatalf("round: %d pages, %d messages; want 3 and 5", pages, len(items))
	}
	var unread string
	for _, m := range items {
		if m["isRead"] == false {
			unread = m["id"].(string)
		}
	}
	if unread == "" {
		unread = items[1]["id"].(string)
	}
	deleted := items[0]["id"].(string)
	if deleted == unread {
		deleted = items[2]["id"].(string)
	}
	must(t, srv.Tenant().DeleteMessage(user, deleted))
	must(t, srv.Tenant().UpdateMessage(user, unread, graphtest.Props{"isRead": json.RawMessage("true")}))
	items, _, _ = c.round(link, "odata.maxpagesize=2")
	got := ids(items)
	if len(items) != 2 || removed(got[deleted]) != "deleted" || got[unread]["isRead"] != true {
		t.Errorf("next round = %v, want %s removed and %s read", items, deleted, unread)
	}
	if got[deleted]["@odata.type"] != "#microsoft.graph.message" {
		t.Errorf("a removed message keeps its @odata.type: %v", got[deleted])
	}
}

func TestMessagesMoveBetweenFolders(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 12, Users: 2, Mailboxes: 1, FoldersPerMailbox: 3, MessagesPerFolder: 4})
	c := newClient(t, srv)
	user, inbox := mailbox(t, c)
	base := srv.GraphURL() + "/users/" + user + "/mailFolders/"
	for _, immutable := range []bool{false, true} {
		var prefer []string
		if immutable {
			prefer = []string{`IdType="ImmutableId"`}
		}
		inboxItems, inboxLink, _ := c.round(base+"inbox/messages/delta?"+msgSelect, prefer...)
		_, archiveLink, _ := c.round(base+"drafts/messages/delta?"+msgSelect, prefer...)
		msg := inboxItems[0]["id"].(string)
		newID, err := srv.Tenant().MoveMessage(user, msg, "drafts")
		must(t, err)
		out, _, _ := c.round(inboxLink, prefer...)
		in, _, _ := c.round(archiveLink, prefer...)
		if len(out) != 1 || removed(out[0]) != "deleted" || out[0]["id"] != msg {
			t.Errorf("immutable=%v: the old folder must report %s removed, got %v", immutable, msg, out)
		}
		if len(in) != 1 || removed(in[0]) != "" || in[0]["parentFolderId"] == inbox {
			t.Fatalf("immutable=%v: the new folder must report the message added, got %v", immutable, in)
		}
		if immutable && in[0]["id"] != msg {
			t.Errorf("with ImmutableId a moved message keeps its id: %v vs %s", in[0]["id"], msg)
		}
		if !immutable && (in[0]["id"] == msg || in[0]["id"] != newID) {
			t.Errorf("without ImmutableId a moved message gets a new id: got %v, old %s, new %s", in[0]["id"], msg, newID)
		}
	}
}

func TestMessagesQueryRules(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 13, Users: 2, Mailboxes: 1, FoldersPerMailbox: 2, MessagesPerFolder: 30})
	c := newClient(t, srv)
	user, _ := mailbox(t, c)
	base := srv.GraphURL() + "/users/" + user + "/mailFolders/inbox/messages/delta"

	t.Run("without $select the request is accepted, as Graph does", func(t *testing.T) {
		if r := c.get(base); r.status != 200 {
			t.Errorf("status %d, want 200", r.status)
		}
	})
	t.Run("the default page size is 10", func(t *testing.T) {
		if p := c.ok(base + "?" + msgSelect); len(p.Value) != 10 {
			t.Errorf("%d items", len(p.Value))
		}
	})
	t.Run("$top caps the whole round, not the page", func(t *testing.T) {
		items, _, pages := c.round(base+"?"+msgSelect+"&$top=4", "odata.maxpagesize=3")
		if len(items) != 4 || pages != 3 {
			t.Errorf("%d items over %d pages, want 4 items then an empty last page (3 pages)", len(items), pages)
		}
	})
	t.Run("receivedDateTime filter and descending order", func(t *testing.T) {
		all, _, _ := c.round(base+"?$select=receivedDateTime", "odata.maxpagesize=50")
		cut := all[len(all)/2]["receivedDateTime"].(string)
		q := "?$select=receivedDateTime&$orderby=receivedDateTime+desc&$filter=" + url.QueryEscape("receivedDateTime ge "+cut)
		items, _, _ := c.round(base+q, "odata.maxpagesize=7")
		prev := "9999"
		for _, m := range items {
			rd := m["receivedDateTime"].(string)
			if rd < cut || rd > prev {
				t.Fatalf("message received %s breaks the filter ge %s or the descending order", rd, cut)
			}
			prev = rd
		}
		if len(items) == 0 || len(items) >= len(all) {
			t.Errorf("filtered round returned %d of %d messages", len(items), len(all))
		}
	})
	t.Run("$deltatoken=latest is ignored for mail: the round returns everything", func(t *testing.T) {
		all, _, _ := c.round(base+"?"+msgSelect, "odata.maxpagesize=50")
		latest, link, _ := c.round(base+"?$deltatoken=latest&"+msgSelect, "odata.maxpagesize=50")
		if len(latest) != len(all) || link == "" {
			t.Errorf("latest round: %d items and deltaLink %q, want all %d and a deltaLink", len(latest), link, len(all))
		}
	})
	t.Run("switching IdType mid-chain invalidates the token", func(t *testing.T) {
		_, link, _ := c.round(base+"?"+msgSelect, "odata.maxpagesize=50")
		r := c.get(link, `IdType="ImmutableId"`)
		if r.status != 410 || r.err.Error.Code != "SyncStateInvalid" {
			t.Errorf("status %d code %q, want 410 SyncStateInvalid", r.status, r.err.Error.Code)
		}
	})
	t.Run("a user without a mailbox is reported", func(t *testing.T) {
		users := c.state("users")
		r := c.get(srv.GraphURL() + "/users/" + users[1]["id"].(string) + "/mailFolders/delta")
		if r.status != 404 || r.err.Error.Code != "MailboxNotEnabledForRESTAPI" {
			t.Errorf("status %d code %q", r.status, r.err.Error.Code)
		}
	})
}

func TestMailFoldersDeltaIsTheWholeTree(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 14, Users: 2, Mailboxes: 1, FoldersPerMailbox: 14, MessagesPerFolder: 1})
	c := newClient(t, srv)
	user, inbox := mailbox(t, c)
	upn := c.state("users")[0]["userPrincipalName"].(string)
	items, link, pages := c.round(srv.GraphURL() + "/users/" + upn + "/mailFolders/delta")
	if len(items) != 14 || pages != 2 {
		t.Fatalf("folder round: %d folders over %d pages, want 14 over 2", len(items), pages)
	}
	children := 0
	for _, f := range items {
		if f["parentFolderId"] == inbox {
			children++
		}
	}
	if children == 0 {
		t.Error("child folders of the Inbox must be in the flattened tree")
	}
	child, err := srv.Tenant().CreateFolder(user, "inbox", "Fresh")
	must(t, err)
	got := ids(must2(c.round(link)))
	if got[child]["displayName"] != "Fresh" || got[inbox]["childFolderCount"] == nil {
		t.Errorf("after creating a child folder: %v", got)
	}
}

func TestMessagesFolderDeletedMidRound(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 15, Users: 2, Mailboxes: 1, FoldersPerMailbox: 10, MessagesPerFolder: 25})
	c := newClient(t, srv)
	user, _ := mailbox(t, c)
	var custom string
	for _, f := range c.state("mail_folders") {
		if f["displayName"] == "Projects" {
			custom = f["id"].(string)
		}
	}
	first := c.ok(srv.GraphURL() + "/users/" + user + "/mailFolders/" + custom + "/messages/delta?" + msgSelect)
	must(t, srv.Tenant().DeleteFolder(user, custom))
	r := c.get(first.NextLink)
	if r.status != 404 || r.err.Error.Code != "ErrorSyncFolderNotFound" {
		t.Errorf("status %d code %q, want 404 ErrorSyncFolderNotFound", r.status, r.err.Error.Code)
	}
	for _, m := range c.state("messages") {
		if m["parentFolderId"] == custom {
			t.Fatal("a deleted folder's messages must leave the ground truth")
		}
	}
}

func TestPlainFolderListHoldsTopLevelFolders(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 16, Users: 1, Mailboxes: 1, FoldersPerMailbox: 12})
	c := newClient(t, srv)
	user, _ := mailbox(t, c)
	r := c.get(srv.GraphURL() + "/users/" + user + "/mailFolders")
	if r.status != 200 || len(r.page.Value) != 8 {
		t.Errorf("GET mailFolders: status %d, %d folders; want the 8 top-level well-known folders", r.status, len(r.page.Value))
	}
	big := c.get(srv.GraphURL()+"/users/"+user+"/mailFolders/inbox/messages/delta?"+msgSelect, "odata.maxpagesize=5000")
	if got := big.header.Get("Preference-Applied"); got != "odata.maxpagesize=1000" {
		t.Errorf("Preference-Applied = %q, want the applied cap odata.maxpagesize=1000", got)
	}
}

func TestMailboxConcurrencyLimit(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 17, Users: 3, Mailboxes: 2, FoldersPerMailbox: 1, MessagesPerFolder: 1})
	c := newClient(t, srv)
	users := c.state("users")
	busy, other := users[0]["id"].(string), users[1]["id"].(string)
	must(t, srv.SetFaults(graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "slow", Match: "/mailFolders", Delay: graphtest.FaultDuration(400 * time.Millisecond)}}}))
	statuses := make(chan int, 7)
	for i := range 7 {
		go func() {
			user := busy
			if i == 6 {
				user = other
			}
			statuses <- c.get(srv.GraphURL() + "/users/" + user + "/mailFolders/delta").status
		}()
	}
	counts := map[int]int{}
	for range 7 {
		counts[<-statuses]++
	}
	if counts[200] != 5 || counts[429] != 2 {
		t.Errorf("statuses %v: want 4 of 6 concurrent requests to one mailbox served, 2 throttled, and the other mailbox unaffected", counts)
	}
}
