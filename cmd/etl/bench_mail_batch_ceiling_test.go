package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graph"
)

// getBatch POSTs jobs' links as one JSON batch and returns each job's
// next deltaLink; any answer other than 200 with a deltaLink is an error.
func (c *bareMailClient) getBatch(links mailLinks, jobs []mailJob, body *bytes.Buffer) ([]string, error) {
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
	r, all := newMailFetchRound(links)
	batches := make(chan []mailJob, len(all)/graph.DefaultBatchSize+1)
	for chunk := range slices.Chunk(all, graph.DefaultBatchSize) {
		batches <- chunk
	}
	close(batches)
	fig := r.run(tb, "batched fetch-only mail round", len(all), max(inFlight/graph.DefaultBatchSize, 1), func(body *bytes.Buffer) error {
		var first error
		for jobs := range batches {
			// Slots in mailbox order: two batches never wait on each other.
			held := slices.SortedFunc(slices.Values(jobs), func(a, b mailJob) int { return a.mailbox - b.mailbox })
			for _, jb := range held {
				r.slots[jb.mailbox] <- struct{}{}
			}
			got, err := c.getBatch(links, jobs, body)
			for _, jb := range held {
				<-r.slots[jb.mailbox]
			}
			for i, jb := range jobs {
				if err == nil {
					r.next[jb.mailbox][jb.stream] = got[i]
				}
			}
			first = cmpOr(first, err)
		}
		return first
	})
	return fig, r.next
}
