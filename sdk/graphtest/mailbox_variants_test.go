package graphtest_test

import (
	"fmt"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// mailboxless returns the id of a user without a mailbox and of one with.
func mailboxless(t *testing.T, c *client) (without, with string) {
	t.Helper()
	has := map[string]bool{}
	for _, f := range c.state("mail_folders") {
		has[f["userId"].(string)] = true
	}
	for _, u := range c.state("users") {
		if id := u["id"].(string); has[id] {
			with = id
		} else {
			without = id
		}
	}
	if without == "" || with == "" {
		t.Fatal("the tenant needs users with and without a mailbox")
	}
	return without, with
}

func TestMailboxNotFoundVariantAlternatesCodes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		variants []graphtest.Variant
		want     []string // codes of successive requests for the mailbox-less user
	}{
		{"off", nil, []string{"MailboxNotEnabledForRESTAPI", "MailboxNotEnabledForRESTAPI", "MailboxNotEnabledForRESTAPI"}},
		{"on", []graphtest.Variant{graphtest.MailboxNotFound}, []string{"ResourceNotFound", "ErrorInvalidUser", "ResourceNotFound"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 19, Users: 3, Mailboxes: 2, FoldersPerMailbox: 1,
				MessagesPerFolder: 1, Variants: tc.variants})
			c := newClient(t, srv)
			without, with := mailboxless(t, c)
			paths := []string{"/mailFolders/delta", "/mailFolders/inbox", "/mailFolders/inbox/messages/delta?$select=subject"}
			for i, want := range tc.want {
				r := c.get(srv.GraphURL() + "/users/" + without + paths[i])
				if r.status != 404 || r.err.Error.Code != want {
					t.Errorf("request %d (%s): %d %s, want 404 %s", i+1, paths[i], r.status, r.err.Error.Code, want)
				}
			}
			if r := c.get(srv.GraphURL() + "/users/" + with + "/mailFolders/delta"); r.status != 200 {
				t.Errorf("a user with a mailbox: %d %s", r.status, r.err.Error.Code)
			}
			if r := c.get(srv.GraphURL() + "/users/" + without); r.status != 200 {
				t.Errorf("the mailbox-less user's own object: %d %s", r.status, r.err.Error.Code)
			}
			if r := c.get(srv.GraphURL() + "/users/" + fmt.Sprintf("%036d", 0) + "/mailFolders/delta"); r.status != 404 || r.err.Error.Code != "ErrorInvalidUser" {
				t.Errorf("an unknown user: %d %s, want 404 ErrorInvalidUser", r.status, r.err.Error.Code)
			}
		})
	}
}
