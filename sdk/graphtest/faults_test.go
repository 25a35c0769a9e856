package graphtest_test

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

func setFaults(t *testing.T, c *client, rules ...graphtest.FaultRule) {
	t.Helper()
	if st := c.admin("POST", "/faults", graphtest.FaultConfig{Seed: 1, Rules: rules}, nil); st != 200 {
		t.Fatalf("set faults: status %d", st)
	}
	t.Cleanup(func() { c.admin("DELETE", "/faults", nil, nil) })
}

func seconds(f float64) *float64 { return &f }

func TestFaultsAnswerWithGraphErrors(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 31, Users: 5, Mailboxes: 2, FoldersPerMailbox: 1, MessagesPerFolder: 1})
	c := newClient(t, srv)
	users := c.state("users")
	mbx := users[1]["id"].(string)
	tests := []struct {
		name       string
		rule       graphtest.FaultRule
		url        string
		status     int
		code       string
		retryAfter string
	}{
		{"throttling carries a fractional Retry-After", graphtest.FaultRule{Kind: "throttle", RetryAfter: seconds(1.5)}, "/users/delta", 429, "TooManyRequests", "1.5"},
		{"service unavailable", graphtest.FaultRule{Kind: "unavailable", RetryAfter: seconds(2)}, "/users/delta", 503, "", "2"},
		{"gateway timeout", graphtest.FaultRule{Kind: "gateway_timeout"}, "/users/delta", 504, "", ""},
		{"a mailbox without permission", graphtest.FaultRule{Kind: "forbidden", Match: "/users/" + mbx + "/"}, "/users/" + mbx + "/mailFolders/delta", 403, "ErrorAccessDenied", ""},
		{"a mailbox over quota", graphtest.FaultRule{Kind: "forbidden", Code: "ErrorQuotaExceeded", Match: "/mailFolders/delta"}, "/users/" + mbx + "/mailFolders/delta", 403, "ErrorQuotaExceeded", ""},
		{"a folder not found", graphtest.FaultRule{Kind: "not_found", Match: "/messages/delta"}, "/users/" + mbx + "/mailFolders/inbox/messages/delta?" + msgSelect, 404, "ErrorSyncFolderNotFound", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setFaults(t, c, tt.rule)
			r := c.get(srv.GraphURL() + tt.url)
			if r.status != tt.status || (tt.code != "" && r.err.Error.Code != tt.code) {
				t.Errorf("status %d code %q, want %d %q", r.status, r.err.Error.Code, tt.status, tt.code)
			}
			if got := r.header.Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After = %q, want %q", got, tt.retryAfter)
			}
		})
	}
	t.Run("a rule scoped to one path leaves others alone", func(t *testing.T) {
		setFaults(t, c, graphtest.FaultRule{Kind: "throttle", Match: "/groups/delta"})
		if r := c.get(srv.GraphURL() + "/users/delta"); r.status != 200 {
			t.Errorf("status %d", r.status)
		}
	})
	t.Run("every Nth request", func(t *testing.T) {
		setFaults(t, c, graphtest.FaultRule{Kind: "throttle", Every: 3})
		var got []int
		for range 6 {
			got = append(got, c.get(srv.GraphURL()+"/users/delta").status)
		}
		if want := []int{200, 200, 429, 200, 200, 429}; !slices.Equal(got, want) {
			t.Errorf("statuses %v, want %v", got, want)
		}
	})
}

func TestFaultsCutAndSlowResponses(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 32, Users: 200})
	c := newClient(t, srv)
	t.Run("a cut connection truncates the body", func(t *testing.T) {
		setFaults(t, c, graphtest.FaultRule{Kind: "cut", Times: 1})
		req, _ := http.NewRequest("GET", srv.GraphURL()+"/users/delta", nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := c.http.Do(req)
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		if err == nil {
			t.Fatal("reading a cut response must fail")
		}
		if r := c.get(srv.GraphURL() + "/users/delta"); r.status != 200 {
			t.Errorf("after times:1 the next request must succeed, got %d", r.status)
		}
	})
	t.Run("a slow response is delayed", func(t *testing.T) {
		setFaults(t, c, graphtest.FaultRule{Kind: "slow", Delay: graphtest.FaultDuration(300 * time.Millisecond)})
		start := time.Now()
		c.ok(srv.GraphURL() + "/users/delta")
		if d := time.Since(start); d < 300*time.Millisecond {
			t.Errorf("took %v, want at least 300ms", d)
		}
	})
}

func TestFaultsInThePageBody(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 33, Users: 450})
	c := newClient(t, srv)
	url := srv.GraphURL() + "/users/delta?$select=displayName"
	t.Run("duplicated items within a round", func(t *testing.T) {
		setFaults(t, c, graphtest.FaultRule{Kind: "duplicate", Times: 1})
		items, _, _ := c.round(url)
		if len(items) <= 450 || len(ids(items)) != 450 {
			t.Errorf("%d items with %d distinct ids, want repeats of 450 users", len(items), len(ids(items)))
		}
	})
	t.Run("shuffled order", func(t *testing.T) {
		plain := c.ok(url)
		setFaults(t, c, graphtest.FaultRule{Kind: "shuffle"})
		shuffled := c.ok(url)
		same := true
		for i := range plain.Value {
			same = same && plain.Value[i]["id"] == shuffled.Value[i]["id"]
		}
		if same || len(ids(shuffled.Value)) != len(plain.Value) {
			t.Error("a shuffled page must hold the same items in another order")
		}
	})
	t.Run("empty pages with a nextLink", func(t *testing.T) {
		setFaults(t, c, graphtest.FaultRule{Kind: "empty_page", Every: 2})
		items, _, pages := c.round(url)
		if len(ids(items)) != 450 || pages < 5 {
			t.Errorf("%d users over %d pages; empty pages must not lose items", len(ids(items)), pages)
		}
	})
	t.Run("the final page carries the deltaLink as a nextLink", func(t *testing.T) {
		setFaults(t, c, graphtest.FaultRule{Kind: "beta_next_link"})
		p := c.get(url)
		for p.page.NextLink != "" && !strings.Contains(p.page.NextLink, "$deltatoken=") {
			p = c.get(p.page.NextLink)
		}
		if p.page.DeltaLink != "" || !strings.Contains(p.page.NextLink, "$deltatoken=") {
			t.Errorf("last page: nextLink %q deltaLink %q", p.page.NextLink, p.page.DeltaLink)
		}
	})
	t.Run("a page carrying both links is not the end", func(t *testing.T) {
		setFaults(t, c, graphtest.FaultRule{Kind: "both_links", Times: 1})
		p := c.get(url)
		if p.page.NextLink == "" || p.page.DeltaLink == "" {
			t.Errorf("first page: nextLink %q deltaLink %q, want both", p.page.NextLink, p.page.DeltaLink)
		}
	})
	t.Run("a page served again behind a new nextLink", func(t *testing.T) {
		setFaults(t, c, graphtest.FaultRule{Kind: "repeat_page", Times: 3})
		first := c.get(url)
		links := map[string]bool{}
		p := first
		for range 3 {
			if p.page.NextLink == "" || links[p.page.NextLink] {
				t.Fatalf("nextLink %q: want a new one each time", p.page.NextLink)
			}
			links[p.page.NextLink] = true
			p = c.get(p.page.NextLink)
			if diff := cmp.Diff(ids(first.page.Value), ids(p.page.Value)); diff != "" {
				t.Fatalf("a repeated page's ids (-first +again):\n%s", diff)
			}
		}
		// The rule spent, the round goes on from where the page began.
		items, _, _ := c.round(p.page.NextLink)
		if got := len(ids(append(items, first.page.Value...))); got != 450 {
			t.Errorf("the round after the repeats holds %d users, want 450", got)
		}
	})
}
