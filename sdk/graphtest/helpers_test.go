package graphtest_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// client is a plain HTTP client for the emulator: no SDK, just requests.
type client struct {
	t     testing.TB
	srv   *graphtest.Server
	http  *http.Client
	token string
}

func newClient(t testing.TB, srv *graphtest.Server) *client {
	t.Helper()
	c := &client{t: t, srv: srv, http: srv.Client()}
	c.token = c.accessToken()
	return c
}

func (c *client) accessToken() string {
	c.t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.srv.ClientID()},
		"client_secret": {c.srv.ClientSecret()}, "scope": {"https://graph.microsoft.com/.default"}}
	resp, err := c.http.PostForm(c.srv.URL+"/"+c.srv.TenantID()+"/oauth2/v2.0/token", form)
	if err != nil {
		c.t.Fatalf("token request: %v", err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&tok) != nil || tok.AccessToken == "" {
		c.t.Fatalf("token request: status %d", resp.StatusCode)
	}
	return tok.AccessToken
}

// response is one decoded Graph response.
type response struct {
	status int
	header http.Header
	body   []byte
	page   page
	err    graphError
}

type page struct {
	Context   string           `json:"@odata.context"`
	NextLink  string           `json:"@odata.nextLink"`
	DeltaLink string           `json:"@odata.deltaLink"`
	Value     []map[string]any `json:"value"`
}

type graphError struct {
	Error struct {
		Code       string         `json:"code"`
		Message    string         `json:"message"`
		InnerError map[string]any `json:"innerError"`
	} `json:"error"`
}

// get sends a GET with the bearer token and optional Prefer headers.
func (c *client) get(rawURL string, prefer ...string) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		c.t.Fatalf("build request %s: %v", rawURL, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	for _, p := range prefer {
		req.Header.Add("Prefer", p)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("GET %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("read body of %s: %v", rawURL, err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, body: body}
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(body, &r.page); err != nil {
			c.t.Fatalf("decode page of %s: %v\n%s", rawURL, err, body)
		}
	} else {
		_ = json.Unmarshal(body, &r.err)
	}
	return r
}

// ok is get that fails the test unless the status is 200.
func (c *client) ok(rawURL string, prefer ...string) page {
	c.t.Helper()
	r := c.get(rawURL, prefer...)
	if r.status != 200 {
		c.t.Fatalf("GET %s: status %d: %s", rawURL, r.status, r.body)
	}
	if (r.page.NextLink == "") == (r.page.DeltaLink == "") {
		c.t.Fatalf("GET %s: want exactly one of nextLink and deltaLink, got %q and %q", rawURL, r.page.NextLink, r.page.DeltaLink)
	}
	return r.page
}

// round follows nextLinks from start to the deltaLink and returns every
// item and the number of pages.
func (c *client) round(start string, prefer ...string) (items []map[string]any, deltaLink string, pages int) {
	c.t.Helper()
	link := start
	for {
		p := c.ok(link, prefer...)
		pages++
		items = append(items, p.Value...)
		if p.DeltaLink != "" {
			return items, p.DeltaLink, pages
		}
		if pages > 10000 {
			c.t.Fatal("round did not end after 10000 pages")
		}
		link = p.NextLink
	}
}

// state reads a ground-truth table through the admin API.
func (c *client) state(table string) []map[string]any {
	c.t.Helper()
	resp, err := c.http.Get(c.srv.AdminURL() + "/state/" + table)
	if err != nil {
		c.t.Fatalf("read state %s: %v", table, err)
	}
	defer resp.Body.Close()
	var rows []map[string]any
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			c.t.Fatalf("decode state row: %v", err)
		}
		rows = append(rows, row)
	}
	return rows
}

// admin posts JSON to the admin API and decodes the reply into out.
func (c *client) admin(method, path string, body, out any) int {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.srv.AdminURL()+path, rd)
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

func ids(items []map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, it := range items {
		out[it["id"].(string)] = it
	}
	return out
}

func removed(item map[string]any) string {
	r, ok := item["@removed"].(map[string]any)
	if !ok {
		return ""
	}
	return r["reason"].(string)
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func hasPrefix(s, p string) bool { return strings.HasPrefix(s, p) }
