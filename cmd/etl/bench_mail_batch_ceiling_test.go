package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/cputime"
	"github.com/graphlake/graphlake/sdk/graph"
)

// batchJob is one stream's deltaLink in a batched fetch-only round.
type batchJob struct{ mailbox, stream int }

// getBatch POSTs jobs' links as one JSON batch and returns each job's
// next deltaLink; any answer other than 200 with a deltaLink is an error.
func (c *bareMailClient) getBatch(links mailLinks, jobs []batchJob, body *bytes.Buffer) ([]string, error) {
	body.Reset()
	body.WriteString(`{"requests":[`)
	for i, jb := range jobs {
		if i > 0 {
			body.WriteByte(',')
		}
		rel := strings.TrimPrefix(links[jb.mailbox][jb.stream], c.graph)
		url, _ := json.Marshal(rel)
		fmt.Fprintf(body, `{"id":"%d","method":"GET","url":%s}`, i, url)
	}
	body.WriteString(`]}`)
	req, err := http.NewRequest(http.MethodPost, c.graph+"/$batch", bytes.NewReader(body.Bytes()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body.Reset()
	if _, err := body.ReadFrom(resp.Body); err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("POST $batch: status %d: %.200s", resp.StatusCode, body.Bytes())
	}
	var answer struct {
		Responses []struct {
			ID     string          `json:"id"`
			Status int             `json:"status"`
			Body   json.RawMessage `json:"body"`
		} `json:"responses"`
	}
	if err := json.Unmarshal(body.Bytes(), &answer); err != nil {
		return nil, fmt.Errorf("batch answer: %w", err)
	}
	next := make([]string, len(jobs))
	for _, r := range answer.Responses {
		i, err := strconv.Atoi(r.ID)
		if err != nil || i < 0 || i >= len(jobs) || r.Status != http.StatusOK {
			return nil, fmt.Errorf("batch answer: response %q: status %d: %.200s", r.ID, r.Status, r.Body)
		}
		var page struct {
			DeltaLink string `json:"@odata.deltaLink"`
		}
		if err := json.Unmarshal(r.Body, &page); err != nil || page.DeltaLink == "" {
			return nil, fmt.Errorf("batch answer: response %q has no deltaLink: %.200s", r.ID, r.Body)
		}
		next[i] = page.DeltaLink
	}
	if slices.Contains(next, "") {
		return nil, fmt.Errorf("batch answer: %d responses for %d requests", len(answer.Responses), len(jobs))
	}
	return next, nil
}

// fetchMailLinksBatched is fetchMailLinks sending the links in JSON
// batches of graph.DefaultBatchSize (20): inFlight requests at most at once
// (inFlight/20 batches), and at most Outlook's 4 to one mailbox. It is the
// ceiling of a round whose requests go in batches.
func fetchMailLinksBatched(tb testing.TB, c *bareMailClient, links mailLinks, inFlight int) (mailFetchFigures, mailLinks) {
	tb.Helper()
	slots := make([]chan struct{}, len(links))
	next := make(mailLinks, len(links))
	for i, l := range links {
		slots[i] = make(chan struct{}, mailboxConcurrency)
		next[i] = make([]string, len(l))
	}
	// Stream by stream across the mailboxes, as fetchMailLinks: a batch
	// of 20 consecutive jobs addresses 20 mailboxes when there are as many.
	var all []batchJob
	for j := 0; len(all) < links.streams(); j++ {
		for i, l := range links {
			if j < len(l) {
				all = append(all, batchJob{i, j})
			}
		}
	}
	batches := make(chan []batchJob, len(all)/graph.DefaultBatchSize+1)
	for chunk := range slices.Chunk(all, graph.DefaultBatchSize) {
		batches <- chunk
	}
	close(batches)
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	cpu := cputime.Self(tb)
	start := time.Now()
	for range max(inFlight/graph.DefaultBatchSize, 1) {
		wg.Go(func() {
			var body bytes.Buffer
			for jobs := range batches {
				// Slots in mailbox order: two batches never wait on each other.
				held := slices.SortedFunc(slices.Values(jobs), func(a, b batchJob) int { return a.mailbox - b.mailbox })
				for _, jb := range held {
					slots[jb.mailbox] <- struct{}{}
				}
				got, err := c.getBatch(links, jobs, &body)
				for _, jb := range held {
					<-slots[jb.mailbox]
				}
				for i, jb := range jobs {
					if err == nil {
						next[jb.mailbox][jb.stream] = got[i]
					}
				}
				if err != nil {
					mu.Lock()
					first = cmpOr(first, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	fig := mailFetchFigures{wall: time.Since(start), requests: links.streams(), cpu: cputime.Self(tb) - cpu}
	if first != nil {
		tb.Fatalf("batched fetch-only mail round: %v", first)
	}
	return fig, next
}
