package delta

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// harness serves one engine over plain HTTP with a fixed target per path.
type harness struct {
	t      *testing.T
	tenant *tenant.Tenant
	srv    *httptest.Server
}

func newHarness(t *testing.T, opts tenant.Options, eopts Options) *harness {
	t.Helper()
	tn := tenant.Generate(opts)
	e, err := New(tn, nil, eopts)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, tenant: tn}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := Target{Resource: Directory, Path: "users"}
		switch {
		case strings.HasPrefix(r.URL.Path, "/v1.0/groups/"):
			target.Path = "groups"
		case strings.HasPrefix(r.URL.Path, "/v1.0/contacts/"):
			target.Path = "contacts"
		}
		e.Serve(w, r, target, "http://"+r.Host+"/v1.0")
	}))
	t.Cleanup(h.srv.Close)
	return h
}

type testPage struct {
	NextLink  string           `json:"@odata.nextLink"`
	DeltaLink string           `json:"@odata.deltaLink"`
	Value     []map[string]any `json:"value"`
}

func (h *harness) round(url string, prefer ...string) ([]map[string]any, string, int) {
	h.t.Helper()
	var items []map[string]any
	for pages := 1; ; pages++ {
		req, _ := http.NewRequest("GET", url, nil)
		for _, p := range prefer {
			req.Header.Add("Prefer", p)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			h.t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			h.t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
		}
		var p testPage
		if err := json.Unmarshal(body, &p); err != nil {
			h.t.Fatalf("page is not JSON: %v\n%s", err, body)
		}
		items = append(items, p.Value...)
		if p.DeltaLink != "" {
			return items, p.DeltaLink, pages
		}
		url = p.NextLink
	}
}

func TestEngineRoundsFollowTheChangeLog(t *testing.T) {
	h := newHarness(t, tenant.Options{Seed: 1, Users: 25, Groups: 3, MembersPerGroup: 12}, Options{DirectoryPageSize: 10, LinksPerPage: 7})
	items, link, pages := h.round(h.srv.URL + "/v1.0/users/delta?$select=displayName")
	if len(items) != 25 || pages != 3 {
		t.Fatalf("initial: %d items in %d pages, want 25 in 3", len(items), pages)
	}
	u := h.tenant.Users.At(4).ID
	if err := h.tenant.Update("users", u, tenant.Props{"displayName": json.RawMessage(`"X"`)}); err != nil {
		t.Fatal(err)
	}
	items, _, _ = h.round(link)
	if len(items) != 1 || items[0]["displayName"] != "X" {
		t.Fatalf("incremental: %v", items)
	}

	groups, _, gpages := h.round(h.srv.URL + "/v1.0/groups/delta?$select=members")
	links := 0
	for _, g := range groups {
		l, _ := g["members@delta"].([]any)
		if len(l) > 7 {
			t.Fatalf("a page carried %d links, more than the 7 allowed", len(l))
		}
		links += len(l)
	}
	if links < 36 || gpages < 6 {
		t.Errorf("groups: %d links over %d pages, want all 36+ links split over 6+ pages", links, gpages)
	}
}

func TestTokenCodecRejectsTampering(t *testing.T) {
	c, err := newCodec(1)
	if err != nil {
		t.Fatal(err)
	}
	tok := c.seal(&state{Query: Query{Resource: Directory, Path: "users", Select: 3}, Cursor: 9})
	st, err := c.open(tok)
	if err != nil || st.Cursor != 9 || st.Query.Select != 3 {
		t.Fatalf("round trip: %+v, %v", st, err)
	}
	other, _ := newCodec(2)
	for name, bad := range map[string]string{
		"a flipped character":     tok[:10] + string(tok[10]^1) + tok[11:],
		"a truncated token":       tok[:len(tok)-3],
		"a token of another seed": other.seal(&state{}),
		"not base64":              "***",
	} {
		t.Run(name+" does not open", func(t *testing.T) {
			if _, err := c.open(bad); err == nil {
				t.Error("opened")
			}
		})
	}
}
