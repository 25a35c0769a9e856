package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/cputime"
	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// mailboxConcurrency is Outlook's limit of requests in flight to one
// mailbox, which the emulator enforces with 429s as Graph does.
const mailboxConcurrency = 4

// mailLinks are a tenant's mail deltaLinks by mailbox: the folders
// stream's, then one per folder's messages stream, as a mail round holds
// them after its initial round.
type mailLinks [][]string

// streams is how many deltaLinks ml holds.
func (ml mailLinks) streams() int {
	n := 0
	for _, links := range ml {
		n += len(links)
	}
	return n
}

// mailFetchFigures are one fetch-only incremental round's measurements.
type mailFetchFigures struct {
	wall     time.Duration
	requests int
	// cpu is the benchmark process's CPU time during the round: the
	// in-process emulator's and the bare client's together.
	cpu time.Duration
}

// bareMailClient is the mail fetch ceiling's client: the plugin's own
// HTTP client (graph.NewHTTPClient, HTTP/2 over TLS) and a token, and
// nothing else: no parsing beyond finding the next link, no rows, no
// checkpoints, no host.
type bareMailClient struct {
	http  *http.Client
	token string
	graph string
}

// newBareMailClient gets a token from the emulator for the bare client.
func newBareMailClient(tb testing.TB, srv *graphtest.Server) *bareMailClient {
	tb.Helper()
	client, err := graph.NewHTTPClient(srv.CACertPEM())
	if err != nil {
		tb.Fatal(err)
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {srv.ClientID()},
		"client_secret": {srv.ClientSecret()}, "scope": {"https://graph.microsoft.com/.default"}}
	resp, err := client.PostForm(srv.URL+"/"+srv.TenantID()+"/oauth2/v2.0/token", form)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		tb.Fatalf("token: status %d, %v", resp.StatusCode, err)
	}
	return &bareMailClient{http: client, token: tok.AccessToken, graph: srv.GraphURL()}
}

// get reads one page into body; an answer other than 200 is an error.
func (c *bareMailClient) get(link string, body *bytes.Buffer) error {
	req, err := http.NewRequest(http.MethodGet, link, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body.Reset()
	if _, err := body.ReadFrom(resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d: %.200s", resp.Request.URL.Path, resp.StatusCode, body.Bytes())
	}
	return nil
}

// follow reads a delta round from link to its deltaLink, calling page
// with each page's body.
func (c *bareMailClient) follow(tb testing.TB, link string, page func([]byte)) string {
	var body bytes.Buffer
	for {
		if err := c.get(link, &body); err != nil {
			tb.Fatal(err)
		}
		if page != nil {
			page(body.Bytes())
		}
		if next := nextLinkOf(tb, body.Bytes()); next != "" {
			link = next
			continue
		}
		delta := linkOf(tb, body.Bytes(), `"@odata.deltaLink":"`)
		if delta == "" {
			tb.Fatalf("a page with neither nextLink nor deltaLink: %.200s", body.Bytes())
		}
		return delta
	}
}

// mailDeltaLinks runs the initial round of every mailbox's folders and
// messages streams with the bare client (no latency: it only sets up) and
// returns their deltaLinks.
func mailDeltaLinks(tb testing.TB, c *bareMailClient, mailboxes int) mailLinks {
	tb.Helper()
	var users []string
	c.follow(tb, c.graph+"/users/delta?$select=id", func(page []byte) { users = append(users, pageIDs(tb, page)...) })
	if len(users) < mailboxes {
		tb.Fatalf("the tenant lists %d users, want at least %d mailboxes", len(users), mailboxes)
	}
	links := make(mailLinks, mailboxes)
	var wg sync.WaitGroup
	work := make(chan int)
	for range 16 {
		wg.Go(func() {
			for i := range work {
				links[i] = mailboxDeltaLinks(tb, c, users[i])
			}
		})
	}
	for i := range mailboxes {
		work <- i
	}
	close(work)
	wg.Wait()
	return links
}

// mailboxDeltaLinks is one mailbox's part of mailDeltaLinks.
func mailboxDeltaLinks(tb testing.TB, c *bareMailClient, user string) []string {
	var folders []string
	mailbox := c.graph + "/users/" + url.PathEscape(user)
	out := []string{c.follow(tb, mailbox+"/mailFolders/delta?$select=id", func(page []byte) { folders = append(folders, pageIDs(tb, page)...) })}
	for _, f := range folders {
		out = append(out, c.follow(tb, mailbox+"/mailFolders/"+url.PathEscape(f)+"/messages/delta?$select=id", nil))
	}
	return out
}

// pageIDs are the ids of a delta page's items.
func pageIDs(tb testing.TB, page []byte) []string {
	var p struct {
		Value []struct {
			ID string `json:"id"`
		} `json:"value"`
	}
	if err := json.Unmarshal(page, &p); err != nil {
		tb.Fatal(err)
	}
	ids := make([]string, len(p.Value))
	for i, item := range p.Value {
		ids[i] = item.ID
	}
	return ids
}

// mailJob is one stream's deltaLink in a fetch-only round: links[mailbox][stream].
type mailJob struct{ mailbox, stream int }

// mailFetchRound is what a fetch-only round's workers share: Outlook's 4
// slots per mailbox and the next round's links, by mailbox.
type mailFetchRound struct {
	slots []chan struct{}
	next  mailLinks
}

// newMailFetchRound readies a fetch-only round of links, and lists its jobs
// stream by stream across the mailboxes, so that a worker seldom waits
// for a mailbox's slot (and 20 consecutive jobs address 20 mailboxes when
// there are as many).
func newMailFetchRound(links mailLinks) (*mailFetchRound, []mailJob) {
	r := &mailFetchRound{slots: make([]chan struct{}, len(links)), next: make(mailLinks, len(links))}
	for i, l := range links {
		r.slots[i] = make(chan struct{}, mailboxConcurrency)
		r.next[i] = make([]string, len(l))
	}
	jobs := make([]mailJob, 0, links.streams())
	for j := 0; len(jobs) < cap(jobs); j++ {
		for i, l := range links {
			if j < len(l) {
				jobs = append(jobs, mailJob{i, j})
			}
		}
	}
	return r, jobs
}

// run runs work on workers goroutines, each with a body buffer of its
// own, and measures them; the first error any work returns fails tb,
// naming what ran.
func (r *mailFetchRound) run(tb testing.TB, what string, requests, workers int, work func(body *bytes.Buffer) error) mailFetchFigures {
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	cpu := cputime.Self(tb)
	start := time.Now()
	for range workers {
		wg.Go(func() {
			var body bytes.Buffer
			if err := work(&body); err != nil {
				mu.Lock()
				first = cmpOr(first, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	fig := mailFetchFigures{wall: time.Since(start), requests: requests, cpu: cputime.Self(tb) - cpu}
	if first != nil {
		tb.Fatalf("%s: %v", what, first)
	}
	return fig
}

// fetchMailLinks GETs every deltaLink once, as a mail round with nothing
// changed does: inFlight requests at most at once, and at most Outlook's
// 4 to one mailbox. It returns the round's figures and the
// next round's links.
func fetchMailLinks(tb testing.TB, c *bareMailClient, links mailLinks, inFlight int) (mailFetchFigures, mailLinks) {
	tb.Helper()
	r, all := newMailFetchRound(links)
	jobs := make(chan mailJob, len(all))
	for _, jb := range all {
		jobs <- jb
	}
	close(jobs)
	fig := r.run(tb, "fetch-only mail round", len(all), inFlight, func(body *bytes.Buffer) error {
		var first error
		for jb := range jobs {
			r.slots[jb.mailbox] <- struct{}{}
			err := c.get(links[jb.mailbox][jb.stream], body)
			<-r.slots[jb.mailbox]
			if err == nil {
				r.next[jb.mailbox][jb.stream] = linkOf(tb, body.Bytes(), `"@odata.deltaLink":"`)
				if r.next[jb.mailbox][jb.stream] == "" {
					err = fmt.Errorf("an incremental page with no deltaLink: %.200s", body.Bytes())
				}
			}
			first = cmpOr(first, err)
		}
		return first
	})
	return fig, r.next
}

// cmpOr is a when a is set, else b.
func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
