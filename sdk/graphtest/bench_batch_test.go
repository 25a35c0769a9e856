package graphtest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/internal/cputime"
)

// BenchmarkBatchRequest is BenchmarkDeltaRequest's empty incremental page
// of a mail folder asked for as 20 plain requests or in one $batch of 20,
// over loopback HTTPS and HTTP/2 with 16 clients at once, clients
// included (they read each body, parsing nothing). The 320 mailboxes are
// taken in turn, so that no mailbox sees more than Outlook's 4 requests
// at once. cpu-us/sub is the process's CPU time per page.
//
//	go test ./sdk/graphtest -run '^$' -bench BenchmarkBatchRequest -count 3
func BenchmarkBatchRequest(b *testing.B) {
	const mailboxes, perBatch = 320, 20
	srv, err := graphtest.NewServer(graphtest.Options{Seed: 1, Users: mailboxes, Mailboxes: mailboxes, FoldersPerMailbox: 1, MessagesPerFolder: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c := newClient(b, srv)
	var links []string
	for _, u := range c.state("users") {
		_, link, _ := c.round(srv.GraphURL() + "/users/" + u["id"].(string) + "/mailFolders/inbox/messages/delta?$select=subject,isRead")
		links = append(links, link)
	}
	var bodies [][]byte // the batches of links 0–19, 20–39, …
	for i := 0; i < mailboxes; i += perBatch {
		var subs []sub
		for j, link := range links[i : i+perBatch] {
			subs = append(subs, sub{ID: fmt.Sprint(j), Method: "GET", URL: strings.TrimPrefix(link, srv.GraphURL())})
		}
		body, _ := json.Marshal(batchRequests(subs...))
		bodies = append(bodies, body)
	}
	for _, bc := range []struct {
		name string
		subs int
		run  func(b *testing.B, turn int64)
	}{
		{"plain", 1, func(b *testing.B, turn int64) { get(b, c, links[turn%mailboxes]) }},
		{"batch-20", perBatch, func(b *testing.B, turn int64) { postBatch(b, c, bodies[turn%int64(len(bodies))], perBatch) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var turn atomic.Int64
			b.SetParallelism(8) // 16 clients on 2 cores
			start := cputime.Self(b)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					bc.run(b, turn.Add(1))
				}
			})
			b.ReportMetric(float64((cputime.Self(b)-start).Microseconds())/float64(b.N*bc.subs), "cpu-us/sub")
		})
	}
}

// postBatch posts a $batch and fails b unless it and its subs requests
// are 200 (counted, not parsed).
func postBatch(b *testing.B, c *client, body []byte, subs int) {
	req, _ := http.NewRequest("POST", c.srv.GraphURL()+"/$batch", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 || bytes.Count(out, []byte(`"status":200,`)) != subs {
		b.Fatalf("$batch: status %d, %v: %.300s", resp.StatusCode, err, out)
	}
}
