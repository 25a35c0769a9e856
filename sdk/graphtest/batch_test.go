package graphtest_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// TestBatchAnswersAsPlainRequests sends in one batch a users delta, a
// mail folder's delta from a stored deltaLink and a request for a user
// without a mailbox: each answer, found by its id, is what the same
// request sent alone gets.
func TestBatchAnswersAsPlainRequests(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 41, Users: 6, Mailboxes: 2, FoldersPerMailbox: 2, MessagesPerFolder: 3})
	c := newClient(t, srv)
	without, with := mailboxless(t, c)
	msgs, inboxLink, _ := c.round(srv.GraphURL() + "/users/" + with + "/mailFolders/inbox/messages/delta?" + msgSelect)
	must(t, srv.Tenant().UpdateMessage(with, msgs[0]["id"].(string), graphtest.Props{"isRead": json.RawMessage("true")}))
	relative := func(link string) string { return strings.TrimPrefix(link, srv.GraphURL()) }
	tests := []struct {
		id, url string
		prefer  string
		status  int
	}{
		{"Users", "/users/delta?$select=displayName", "", 200},
		{"inbox", strings.TrimPrefix(relative(inboxLink), "/"), "odata.maxpagesize=2", 200},
		{"nobox", "/users/" + without + "/mailFolders/delta", "", 404},
	}
	var subs []sub
	for _, tt := range tests {
		s := sub{ID: tt.id, Method: "GET", URL: tt.url}
		if tt.prefer != "" {
			s.Headers = map[string]string{"Prefer": tt.prefer}
		}
		subs = append(subs, s)
	}
	got := c.batch(batchRequests(subs...))
	if got.status != 200 || len(got.Responses) != len(tests) {
		t.Fatalf("batch: status %d, %d answers: %s", got.status, len(got.Responses), got.body)
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			a := got.byID(t, tt.id)
			var prefer []string
			if tt.prefer != "" {
				prefer = append(prefer, tt.prefer)
			}
			alone := c.get(srv.GraphURL()+"/"+strings.TrimPrefix(tt.url, "/"), prefer...)
			if a.Status != tt.status || alone.status != tt.status {
				t.Fatalf("status %d in the batch, %d alone; want %d", a.Status, alone.status, tt.status)
			}
			if !strings.HasPrefix(a.Headers["Content-Type"], "application/json") || a.Headers["Request-Id"] == "" {
				t.Errorf("headers %v lack Content-Type or request-id", a.Headers)
			}
			if tt.status != 200 {
				var e graphError
				if err := json.Unmarshal(a.Body, &e); err != nil || e.Error.Code != alone.err.Error.Code {
					t.Errorf("error code %q (%v), alone %q", e.Error.Code, err, alone.err.Error.Code)
				}
				return
			}
			var p page
			if err := json.Unmarshal(a.Body, &p); err != nil {
				t.Fatalf("decode page: %v\n%s", err, a.Body)
			}
			if len(p.Value) == 0 || !reflect.DeepEqual(p.Value, alone.page.Value) || p.Context != alone.page.Context {
				t.Errorf("batch page %v\nalone %v", p.Value, alone.page.Value)
			}
			// Tokens are sealed afresh each time: the links agree up to
			// them, and the batch's works.
			if untokened(p.NextLink) != untokened(alone.page.NextLink) || untokened(p.DeltaLink) != untokened(alone.page.DeltaLink) {
				t.Errorf("links %q %q, alone %q %q", p.NextLink, p.DeltaLink, alone.page.NextLink, alone.page.DeltaLink)
			}
			if next := c.get(p.NextLink + p.DeltaLink); next.status != 200 {
				t.Errorf("the batch's link answers %d", next.status)
			}
			if tt.prefer != "" && a.Headers["Preference-Applied"] != tt.prefer {
				t.Errorf("Preference-Applied = %q, want %q", a.Headers["Preference-Applied"], tt.prefer)
			}
		})
	}
}

// TestBatchRejectsMalformedBatches answers 400 BadRequest to a batch it
// cannot serve, with Graph's messages where they are known.
func TestBatchRejectsMalformedBatches(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 42, Users: 3})
	c := newClient(t, srv)
	get := func(id string) sub { return sub{ID: id, Method: "GET", URL: "/users/delta"} }
	many := func(n int) []sub {
		var out []sub
		for i := range n {
			out = append(out, get(fmt.Sprint(i)))
		}
		return out
	}
	tests := []struct {
		name    string
		body    any
		message string
	}{
		{"not JSON", []byte(`{"requests":[`), "Invalid batch payload format."},
		{"no requests", map[string]any{"request": many(1)}, "Invalid batch payload format."},
		{"an empty batch", batchRequests(), "Invalid batch payload format."},
		{"21 requests", batchRequests(many(21)...), "Number of requests inside batch exceeds the limit."},
		{"a repeated id", batchRequests(get("a"), get("b"), get("a")), "Request Id a has to be unique in a batch."},
		{"ids compare case-insensitively", batchRequests(get("Abc"), get("aBC")), "Request Id aBC has to be unique in a batch."},
		{"no id", batchRequests(get("")), "Invalid batch payload format."},
		{"no method", batchRequests(sub{ID: "1", URL: "/users/delta"}), "Invalid batch payload format."},
		{"no url", batchRequests(sub{ID: "1", Method: "GET"}), "Invalid batch payload format."},
		{"a dependency not in the batch", batchRequests(sub{ID: "1", Method: "GET", URL: "/users", DependsOn: []string{"2"}}), "Invalid batch payload format."},
		{"a cycle", batchRequests(sub{ID: "1", Method: "GET", URL: "/users", DependsOn: []string{"2"}},
			sub{ID: "2", Method: "GET", URL: "/users", DependsOn: []string{"1"}}), "Invalid batch payload format."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.batch(tt.body)
			if r.status != 400 || r.err.Error.Code != "BadRequest" || r.err.Error.Message != tt.message {
				t.Errorf("status %d code %q message %q, want 400 BadRequest %q", r.status, r.err.Error.Code, r.err.Error.Message, tt.message)
			}
		})
	}
	t.Run("20 requests are served", func(t *testing.T) {
		if r := c.batch(batchRequests(many(20)...)); r.status != 200 || len(r.Responses) != 20 {
			t.Errorf("status %d, %d answers", r.status, len(r.Responses))
		}
	})
	t.Run("a GET of $batch", func(t *testing.T) {
		if r := c.get(srv.GraphURL() + "/$batch"); r.status != 405 {
			t.Errorf("status %d, want 405", r.status)
		}
	})
	t.Run("without a token", func(t *testing.T) {
		token := c.token
		c.token = "nope"
		defer func() { c.token = token }()
		if r := c.batch(batchRequests(get("1"))); r.status != 401 {
			t.Errorf("status %d, want 401", r.status)
		}
	})
}

// TestBatchAnswersABadRequestAlone answers a request of the batch that
// cannot be served 400 and serves the others.
func TestBatchAnswersABadRequestAlone(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 43, Users: 3})
	c := newClient(t, srv)
	r := c.batch(batchRequests(
		sub{ID: "absolute", Method: "GET", URL: srv.GraphURL() + "/users/delta"},
		sub{ID: "nested", Method: "POST", URL: "/$batch"},
		sub{ID: "write", Method: "PATCH", URL: "/users"},
		sub{ID: "plain", Method: "GET", URL: "users/delta"},
	))
	if r.status != 200 {
		t.Fatalf("batch status %d: %s", r.status, r.body)
	}
	for id, want := range map[string]struct {
		status  int
		message string
	}{"absolute": {400, "relative"}, "nested": {400, "batch itself"}, "write": {405, "read-only"}, "plain": {200, ""}} {
		a := r.byID(t, id)
		var e graphError
		_ = json.Unmarshal(a.Body, &e)
		if a.Status != want.status || !strings.Contains(e.Error.Message, want.message) {
			t.Errorf("%s: status %d, want %d with a message on %q: %s", id, a.Status, want.status, want.message, a.Body)
		}
	}
}

// untokened is link up to its token's value.
func untokened(link string) string {
	before, _, _ := strings.Cut(link, "token=")
	return before
}
