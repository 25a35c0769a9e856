package graphtest_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestTokensCannotBeForgedOrMoved(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 21, Users: 300, Groups: 2})
	c := newClient(t, srv)
	first := c.ok(srv.GraphURL() + "/users/delta")
	i := strings.Index(first.NextLink, "$skiptoken=") + len("$skiptoken=")
	tok := first.NextLink[i:]
	flipped := []byte(tok)
	flipped[len(flipped)/2] ^= 1
	tests := []struct {
		name, url string
	}{
		{"a tampered token", first.NextLink[:i] + string(flipped)},
		{"an unknown token", first.NextLink[:i] + "bm90LWEtdG9rZW4"},
		{"a users token on the groups endpoint", srv.GraphURL() + "/groups/delta?$skiptoken=" + tok},
		{"a skiptoken passed as a deltatoken", srv.GraphURL() + "/users/delta?$deltatoken=" + tok},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is a bad request", func(t *testing.T) {
			r := c.get(tt.url)
			if r.status != 400 || r.err.Error.Code != "Request_BadRequest" {
				t.Errorf("status %d code %q, want 400 Request_BadRequest", r.status, r.err.Error.Code)
			}
		})
	}
	t.Run("$select together with $skiptoken is refused", func(t *testing.T) {
		if r := c.get(first.NextLink + "&$select=displayName"); r.status != 400 {
			t.Errorf("status %d", r.status)
		}
	})
}

func TestTokensFromAnotherEmulatorAreNotFound(t *testing.T) {
	a := graphtest.Start(t, graphtest.Options{Seed: 22, Users: 3})
	b := graphtest.Start(t, graphtest.Options{Seed: 22, Users: 3})
	_, link, _ := newClient(t, a).round(a.GraphURL() + "/users/delta")
	moved := strings.Replace(link, a.URL, b.URL, 1)
	r := newClient(t, b).get(moved)
	if r.status != 400 || r.err.Error.Code != "syncStateNotFound" {
		t.Errorf("a token of a previous emulator process: status %d code %q, want 400 syncStateNotFound", r.status, r.err.Error.Code)
	}
}

func TestTokensExpire(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 23, Users: 5, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 2})
	c := newClient(t, srv)
	user, _ := mailbox(t, c)
	usersURL := srv.GraphURL() + "/users/delta?$select=displayName"
	mailURL := srv.GraphURL() + "/users/" + user + "/mailFolders/inbox/messages/delta?" + msgSelect
	tests := []struct {
		mode                  string
		dirStatus, mailStatus int
		dirCode, mailCode     string
	}{
		{"syncStateNotFound", 400, 410, "syncStateNotFound", "SyncStateNotFound"},
		{"syncStateInvalid", 400, 410, "syncStateInvalid", "SyncStateInvalid"},
		{"resyncRequired", 410, 410, "resyncRequired", "resyncRequired"},
		{"location", 410, 410, "syncReset", "syncReset"},
	}
	for _, tt := range tests {
		t.Run(tt.mode+" answers old tokens with Graph's error", func(t *testing.T) {
			_, dirLink, _ := c.round(usersURL)
			_, mailLink, _ := c.round(mailURL)
			if st := c.admin("POST", "/tokens/expire", map[string]string{"mode": tt.mode}, nil); st != 204 {
				t.Fatalf("expire: status %d", st)
			}
			dir, mail := c.get(dirLink), c.get(mailLink)
			if dir.status != tt.dirStatus || dir.err.Error.Code != tt.dirCode {
				t.Errorf("directory: %d %q, want %d %q", dir.status, dir.err.Error.Code, tt.dirStatus, tt.dirCode)
			}
			if mail.status != tt.mailStatus || mail.err.Error.Code != tt.mailCode {
				t.Errorf("mail: %d %q, want %d %q", mail.status, mail.err.Error.Code, tt.mailStatus, tt.mailCode)
			}
			if tt.mode == "location" {
				loc := dir.header.Get("Location")
				if !strings.Contains(loc, "$deltatoken=") {
					t.Fatalf("Location = %q, want a URL with an empty $deltatoken", loc)
				}
				items, _, _ := c.round(loc)
				if len(items) != 5 || len(items[0]) != 2 {
					t.Errorf("following Location must restart a full round with the original $select: %v", items)
				}
			}
		})
	}
	t.Run("a TTL expires tokens by age", func(t *testing.T) {
		_, link, _ := c.round(usersURL)
		if st := c.admin("POST", "/tokens/ttl", map[string]string{"ttl": "50ms"}, nil); st != 204 {
			t.Fatalf("ttl: status %d", st)
		}
		time.Sleep(100 * time.Millisecond)
		if r := c.get(link); r.status != 400 || r.err.Error.Code != "syncStateNotFound" {
			t.Errorf("status %d code %q", r.status, r.err.Error.Code)
		}
		c.admin("POST", "/tokens/ttl", map[string]string{"ttl": "0s"}, nil)
	})
}

func TestChangesDuringARoundAreNeverLost(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 24, Users: 1000})
	c := newClient(t, srv)
	first := c.ok(srv.GraphURL() + "/users/delta?$select=displayName")
	users := c.state("users")
	early, late := users[0]["id"].(string), users[999]["id"].(string)
	must(t, srv.Tenant().Update("users", early, graphtest.Props{"displayName": json.RawMessage(`"Changed mid-round (early)"`)}))
	must(t, srv.Tenant().Delete("users", late, true))
	created, err := srv.Tenant().CreateUser(nil)
	must(t, err)
	rest, link, _ := c.round(first.NextLink)
	if _, ok := ids(rest)[late]; ok {
		t.Errorf("user %s deleted before its page was read still appeared", late)
	}
	next := ids(must2(c.round(link)))
	if next[early]["displayName"] != "Changed mid-round (early)" {
		t.Errorf("a change to an already-paged user must come in the next round: %v", next[early])
	}
	if removed(next[late]) != "deleted" || next[created] == nil {
		t.Errorf("the deletion and creation made mid-round must come in the next round: %v / %v", next[late], next[created])
	}
}

func TestChurnIsReproducible(t *testing.T) {
	var results [2]graphtest.ChurnResult
	for i := range results {
		srv := graphtest.Start(t, graphtest.Options{Seed: 25, Users: 200, Groups: 10, MembersPerGroup: 15, Contacts: 20, Mailboxes: 3, FoldersPerMailbox: 4, MessagesPerFolder: 10})
		c := newClient(t, srv)
		for _, spec := range []graphtest.ChurnSpec{
			{Resource: "users", Creates: 3, Updates: 5, Deletes: 2, Seed: 1},
			{Resource: "groups", Creates: 1, Updates: 4, Deletes: 1, Seed: 2},
			{Resource: "contacts", Creates: 2, Updates: 2, Deletes: 1, Seed: 3},
			{Resource: "messages", Creates: 5, Updates: 5, Deletes: 2, Moves: 3, Seed: 4},
		} {
			var res graphtest.ChurnResult
			if st := c.admin("POST", "/churn", spec, &res); st != 200 {
				t.Fatalf("churn %s: status %d", spec.Resource, st)
			}
			results[i].Created = append(results[i].Created, res.Created...)
			results[i].Moved = append(results[i].Moved, res.Moved...)
			results[i].Members = append(results[i].Members, res.Members...)
		}
	}
	a, _ := json.Marshal(results[0])
	b, _ := json.Marshal(results[1])
	if string(a) != string(b) || len(results[0].Moved) != 3 || len(results[0].Members) == 0 {
		t.Errorf("the same seed gave different churn:\n%s\n%s", a, b)
	}
}

func TestLocationWithoutQueryDropsTheQueryOptions(t *testing.T) {
	for _, tt := range []struct {
		name     string
		variants []graphtest.Variant
		want     string // the Location's query
	}{
		{"by default the Location keeps the first request's query", nil, "$select=displayName&$deltatoken="},
		{"location-without-query drops it", []graphtest.Variant{graphtest.LocationWithoutQuery}, "$deltatoken="},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 23, Users: 5, Variants: tt.variants})
			c := newClient(t, srv)
			_, link, _ := c.round(srv.GraphURL() + "/users/delta?$select=displayName")
			if err := srv.ExpireDeltaTokens("location"); err != nil {
				t.Fatal(err)
			}
			r := c.get(link)
			loc, err := url.Parse(r.header.Get("Location"))
			if r.status != 410 || err != nil || loc.Path != "/v1.0/users/delta" || loc.RawQuery != tt.want {
				t.Errorf("status %d, Location %q; want 410 and the users path with query %q", r.status, r.header.Get("Location"), tt.want)
			}
		})
	}
}
