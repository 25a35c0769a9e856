package graphtest_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

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

func TestMailboxBudgetVariantThrottlesPerMailbox(t *testing.T) {
	const budget, window = 5, time.Second
	for _, tc := range []struct {
		name     string
		variants []graphtest.Variant
	}{{"off", nil}, {"on", []graphtest.Variant{graphtest.MailboxBudget}}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 19, Users: 3, Mailboxes: 2, FoldersPerMailbox: 1,
				MessagesPerFolder: 1, MailboxBudget: budget, MailboxBudgetWindow: window, Variants: tc.variants})
			c := newClient(t, srv)
			users := c.state("mail_folders")
			busy, other := users[0]["userId"].(string), users[len(users)-1]["userId"].(string)
			if busy == other {
				t.Fatal("want two mailboxes")
			}
			link := srv.GraphURL() + "/users/" + busy + "/mailFolders/delta"
			start := time.Now()
			for i := range budget {
				if r := c.get(link); r.status != 200 {
					t.Fatalf("request %d of the budget: %d %s", i+1, r.status, r.err.Error.Code)
				}
			}
			r := c.get(link)
			if tc.variants == nil {
				if r.status != 200 || srv.MailboxLoad().OverBudget != 0 {
					t.Fatalf("without the variant, request %d: %d %s", budget+1, r.status, r.err.Error.Code)
				}
				return
			}
			if r.status != 429 || r.err.Error.Code != "ApplicationThrottled" {
				t.Fatalf("request %d over the budget: %d %s, want 429 ApplicationThrottled", budget+1, r.status, r.err.Error.Code)
			}
			after, err := strconv.ParseFloat(r.header.Get("Retry-After"), 64)
			wait := time.Duration(after * float64(time.Second))
			if err != nil || wait <= 0 || wait > window-time.Since(start)+window/20 {
				t.Fatalf("Retry-After %q, want the time until the window frees (at most %v)", r.header.Get("Retry-After"), window)
			}
			if r := c.get(srv.GraphURL() + "/users/" + other + "/mailFolders/delta"); r.status != 200 {
				t.Errorf("another mailbox: %d %s, want 200 (the budget is per mailbox)", r.status, r.err.Error.Code)
			}
			time.Sleep(wait)
			if r := c.get(link); r.status != 200 {
				t.Errorf("after Retry-After: %d %s, want 200", r.status, r.err.Error.Code)
			}
			if got := srv.MailboxLoad().OverBudget; got != 1 {
				t.Errorf("MailboxLoad().OverBudget = %d, want 1", got)
			}
		})
	}
}
