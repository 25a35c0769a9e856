package graphtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/internal/cputime"
)

// batchBenchMailboxes is how many mail folders' empty incremental pages
// the batch benchmark asks for: one $batch of 20, or 20 plain requests.
const batchBenchMailboxes = maxBatchRequests

// BenchmarkBatchHandler measures the emulator's own work (no TLS, no
// HTTP/2) for 20 empty incremental pages of 20 mailboxes' inboxes, asked
// as 20 plain requests or as one $batch of 20. cpu-us/sub is the
// process's CPU time per page, the recorders' included.
//
//	go test ./sdk/graphtest -run '^$' -bench BenchmarkBatchHandler -count 3
func BenchmarkBatchHandler(b *testing.B) {
	bb := newBatchBench(b)
	for _, bc := range []struct {
		name string
		run  func(testing.TB)
	}{
		{"plain-20", bb.plain},
		{"batch-20", bb.batch},
	} {
		b.Run(bc.name, func(b *testing.B) {
			start := cputime.Self(b)
			for b.Loop() {
				bc.run(b)
			}
			b.ReportMetric(float64((cputime.Self(b)-start).Microseconds())/float64(b.N*batchBenchMailboxes), "cpu-us/sub")
		})
	}
}

// TestBatchBenchShort is BenchmarkBatchHandler's short form, in the
// suite: each way once.
func TestBatchBenchShort(t *testing.T) {
	bb := newBatchBench(t)
	bb.plain(t)
	bb.batch(t)
}

// batchBench is an emulator of 20 mailboxes, its handler, a token and
// each inbox's deltaLink with nothing new.
type batchBench struct {
	srv   *Server
	h     http.Handler
	token string
	links []string
	body  []byte // the $batch of the 20 links
}

func newBatchBench(tb testing.TB) *batchBench {
	srv, err := NewServer(Options{Seed: 1, Users: batchBenchMailboxes, Mailboxes: batchBenchMailboxes, FoldersPerMailbox: 1, MessagesPerFolder: 5})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	bb := &batchBench{srv: srv, h: srv.handler()}
	bb.token = handlerToken(tb, srv, bb.h)
	var users struct {
		Value []struct {
			ID string `json:"id"`
		} `json:"value"`
	}
	if err := json.Unmarshal(bb.get(tb, srv.GraphURL()+"/users?$select=id"), &users); err != nil || len(users.Value) != batchBenchMailboxes {
		tb.Fatalf("list users: %d (%v)", len(users.Value), err)
	}
	var subs []map[string]string
	for i, u := range users.Value {
		link := srv.GraphURL() + "/users/" + u.ID + "/mailFolders/inbox/messages/delta?$select=subject,isRead"
		for {
			var p struct {
				Next  string `json:"@odata.nextLink"`
				Delta string `json:"@odata.deltaLink"`
			}
			if err := json.Unmarshal(bb.get(tb, link), &p); err != nil {
				tb.Fatal(err)
			}
			if p.Delta != "" {
				link = p.Delta
				break
			}
			link = p.Next
		}
		bb.links = append(bb.links, link)
		subs = append(subs, map[string]string{"id": string(rune('a' + i)), "method": "GET",
			"url": strings.TrimPrefix(link, srv.GraphURL())})
	}
	bb.body, _ = json.Marshal(map[string]any{"requests": subs})
	return bb
}

// get serves a GET through the handler and fails tb unless it is 200.
func (bb *batchBench) get(tb testing.TB, link string) []byte {
	req := httptest.NewRequest("GET", link, nil)
	req.Header.Set("Authorization", "Bearer "+bb.token)
	rec := httptest.NewRecorder()
	bb.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}

// plain asks for the 20 pages one request each.
func (bb *batchBench) plain(tb testing.TB) {
	for _, link := range bb.links {
		bb.get(tb, link)
	}
}

// batch asks for the 20 pages in one $batch and checks each is a 200
// (by counting, not parsing: the plain requests are not parsed either).
func (bb *batchBench) batch(tb testing.TB) {
	req := httptest.NewRequest("POST", bb.srv.GraphURL()+"/$batch", bytes.NewReader(bb.body))
	req.Header.Set("Authorization", "Bearer "+bb.token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	bb.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || bytes.Count(rec.Body.Bytes(), []byte(`"status":200,`)) != batchBenchMailboxes {
		tb.Fatalf("$batch: %d %.300s", rec.Code, rec.Body)
	}
}
