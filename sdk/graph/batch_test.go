package graph_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
)

// batchGraph is a loopback Graph that serves incremental rounds of
// collections /v1.0/items/{k}/delta, each answering an empty page and the
// next deltaLink, alone or in JSON batches; answer may rewrite a
// batch's answer, to show each shape Graph (or a hostile server) may send.
type batchGraph struct {
	base         string
	gets, posts  atomic.Int64
	mu           sync.Mutex
	sizes        []int
	subHeaders   []http.Header
	postHeaders  []http.Header
	throttledKey string // the first request for this key answers 429 (Retry-After 3)
	throttled    atomic.Bool
	// answer writes a batch's answer from the responses computed for it
	// (nil: 200 and the responses in reverse order).
	answer func(w http.ResponseWriter, responses []map[string]any)
}

// plain answers one GET of path (with its query) as Graph would alone.
func (g *batchGraph) plain(rel string) (int, http.Header, []byte) {
	path, query, _ := strings.Cut(rel, "?")
	key := strings.TrimSuffix(strings.TrimPrefix(path, "/items/"), "/delta")
	if key == "gone" {
		return http.StatusGone, http.Header{"Location": {g.base + "/v1.0/items/gone/delta"}, "Content-Type": {"application/json"}},
			[]byte(`{"error":{"code":"syncStateNotFound","message":"reset"}}`)
	}
	if key == g.throttledKey && g.throttled.CompareAndSwap(false, true) {
		return http.StatusTooManyRequests, http.Header{"Retry-After": {"3"}, "Content-Type": {"application/json"}},
			[]byte(`{"error":{"code":"TooManyRequests","message":"Please retry again later."}}`)
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(query, "$deltatoken="))
	body := fmt.Sprintf(`{"value":[],"@odata.deltaLink":"%s/v1.0/items/%s/delta?$deltatoken=%d"}`, g.base, key, n+1)
	return http.StatusOK, http.Header{"Content-Type": {"application/json"}}, []byte(body)
}

func (g *batchGraph) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		g.gets.Add(1)
		status, h, body := g.plain(strings.TrimPrefix(r.URL.RequestURI(), "/v1.0"))
		for k, vs := range h {
			w.Header()[k] = vs
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
		return
	}
	g.posts.Add(1)
	var batch struct {
		Requests []struct {
			ID      string            `json:"id"`
			Method  string            `json:"method"`
			URL     string            `json:"url"`
			Headers map[string]string `json:"headers"`
		} `json:"requests"`
	}
	if r.URL.Path != "/v1.0/$batch" || json.NewDecoder(r.Body).Decode(&batch) != nil {
		http.Error(w, "bad batch", http.StatusBadRequest)
		return
	}
	var responses []map[string]any
	g.mu.Lock()
	g.sizes = append(g.sizes, len(batch.Requests))
	g.postHeaders = append(g.postHeaders, r.Header.Clone())
	for _, req := range batch.Requests {
		h := http.Header{}
		for k, v := range req.Headers {
			h.Set(k, v)
		}
		g.subHeaders = append(g.subHeaders, h)
	}
	g.mu.Unlock()
	for _, req := range slices.Backward(batch.Requests) {
		status, h, body := g.plain(req.URL)
		headers := map[string]string{}
		for k := range h {
			headers[k] = h.Get(k)
		}
		responses = append(responses, map[string]any{"id": req.ID, "status": status, "headers": headers, "body": json.RawMessage(body)})
	}
	if g.answer != nil {
		g.answer(w, responses)
		return
	}
	writeBatch(w, http.StatusOK, responses)
}

func writeBatch(w http.ResponseWriter, status int, responses []map[string]any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"responses": responses})
}

// startBatchGraph starts g over TLS and a client for it whose requests
// wait up to linger for others to share their batch.
func startBatchGraph(t *testing.T, g *batchGraph, opts graph.Options, linger time.Duration) (*graph.Client, *sleeps) {
	t.Helper()
	ts := httptest.NewUnstartedServer(g)
	ts.EnableHTTP2 = true // as Graph
	ts.StartTLS()
	t.Cleanup(ts.Close)
	g.base = ts.URL
	opts.HTTPClient, opts.Tokens = ts.Client(), &fixedTokens{token: "t0k3n", ttl: time.Hour}
	opts.Limits.Concurrency = -1
	c := graph.New(opts)
	s := &sleeps{}
	graph.SetSleep(c, s.sleep)
	graph.SetBatchLinger(c, linger)
	return c, s
}

// startRounds runs an incremental round of each key at once from
// $deltatoken=1 and returns each one's deltaLink or error.
func startRounds(t *testing.T, c *graph.Client, base string, keys []string) ([]string, []error) {
	t.Helper()
	links, errs := make([]string, len(keys)), make([]error, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() {
			q := graph.Query{URL: base + "/v1.0/items/" + k + "/delta?$deltatoken=1", Prefer: []string{"odata.maxpagesize=50"}}
			links[i], errs[i] = c.Round(t.Context(), q, func(ctx context.Context, p graph.Page) error { return nil })
		})
	}
	wg.Wait()
	return links, errs
}

func keysOf(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%02d", i)
	}
	return keys
}

func TestRoundsStartInBatches(t *testing.T) {
	tests := []struct {
		name         string
		keys         int
		batchSize    int
		throttledKey string
		answer       func(w http.ResponseWriter, responses []map[string]any)
		// wantPosts and wantGets are the batches and plain requests sent.
		wantPosts, wantGets int64
		wantSleep           time.Duration
		// maxBody is the client's body limit (0: the default).
		maxBody int64
	}{
		{name: "forty rounds start in two batches of twenty, answered out of order", keys: 40, wantPosts: 2},
		{name: "a lone round goes as itself", keys: 1, wantGets: 1},
		{name: "batch size 1 sends each alone", keys: 5, batchSize: 1, wantGets: 5},
		{name: "a smaller batch size", keys: 10, batchSize: 4, wantPosts: 3},
		{name: "a throttled request is retried after its own Retry-After", keys: 6, throttledKey: "k03",
			wantPosts: 1, wantGets: 1, wantSleep: 3 * time.Second},
		{name: "a batch answered 424 (a request throttled) still carries each answer", keys: 6, throttledKey: "k02",
			answer:    func(w http.ResponseWriter, rs []map[string]any) { writeBatch(w, http.StatusFailedDependency, rs) },
			wantPosts: 1, wantGets: 1, wantSleep: 3 * time.Second},
		{name: "a batch throttled as a whole is retried after its Retry-After", keys: 6,
			answer: onceThen(func(w http.ResponseWriter, _ []map[string]any) {
				w.Header().Set("Retry-After", "5")
				http.Error(w, `{"error":{"code":"TooManyRequests","message":"later"}}`, http.StatusTooManyRequests)
			}), wantPosts: 2, wantSleep: 5 * time.Second},
		{name: "a server without batching: requests go alone, and later ones too", keys: 6,
			answer: func(w http.ResponseWriter, _ []map[string]any) { http.NotFound(w, nil) }, wantPosts: 1, wantGets: 6},
		{name: "an answer that is not JSON: requests go alone", keys: 6,
			answer: func(w http.ResponseWriter, _ []map[string]any) { _, _ = w.Write([]byte(`<html>proxy</html>`)) }, wantPosts: 1, wantGets: 6},
		{name: "a response missing: that request goes alone", keys: 6,
			answer: func(w http.ResponseWriter, rs []map[string]any) { writeBatch(w, http.StatusOK, rs[1:]) }, wantPosts: 1, wantGets: 1},
		{name: "an id answered twice: requests go alone", keys: 6,
			answer: func(w http.ResponseWriter, rs []map[string]any) { writeBatch(w, http.StatusOK, append(rs, rs[0])) }, wantPosts: 1, wantGets: 6},
		{name: "an answer past the body limit: requests go alone, each page within it", keys: 6, maxBody: 600,
			wantPosts: 1, wantGets: 6},
		{name: "bodies sent as base64 strings", keys: 6,
			answer: func(w http.ResponseWriter, rs []map[string]any) {
				for _, r := range rs {
					r["body"] = base64.StdEncoding.EncodeToString(r["body"].(json.RawMessage))
				}
				writeBatch(w, http.StatusOK, rs)
			}, wantPosts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &batchGraph{throttledKey: tt.throttledKey, answer: tt.answer}
			c, s := startBatchGraph(t, g, graph.Options{Limits: graph.Limits{BatchSize: tt.batchSize}}, 150*time.Millisecond)
			if tt.maxBody > 0 {
				graph.SetMaxBody(c, tt.maxBody)
			}
			keys := keysOf(tt.keys)
			links, errs := startRounds(t, c, g.base, keys)
			for i, k := range keys {
				if want := g.base + "/v1.0/items/" + k + "/delta?$deltatoken=2"; errs[i] != nil || links[i] != want {
					t.Fatalf("round %s: %q, %v; want %q", k, links[i], errs[i], want)
				}
			}
			if g.posts.Load() != tt.wantPosts || g.gets.Load() != tt.wantGets {
				t.Errorf("sent %d batches and %d plain requests (sizes %v); want %d and %d", g.posts.Load(), g.gets.Load(), g.sizes, tt.wantPosts, tt.wantGets)
			}
			if tt.wantSleep > 0 && !slices.Contains(s.all(), tt.wantSleep) {
				t.Errorf("waits %v; want one of %v", s.all(), tt.wantSleep)
			}
			carried := 0
			for _, n := range g.sizes {
				carried += n
			}
			if b, r := c.Batches(); b != g.posts.Load() || r != int64(carried) {
				t.Errorf("Batches() = %d, %d; the server received %d batches of %d requests", b, r, g.posts.Load(), carried)
			}
			for _, h := range g.subHeaders {
				if h.Get("Prefer") != "odata.maxpagesize=50" || h.Get("Authorization") != "" {
					t.Fatalf("a batched request's headers %v: want its Prefer, and no Authorization", h)
				}
			}
			for _, h := range g.postHeaders {
				if h.Get("Authorization") != "Bearer t0k3n" || h.Get("Content-Type") != "application/json" {
					t.Fatalf("batch headers %v: want the bearer token and JSON", h)
				}
			}
		})
	}
}

// onceThen answers the first batch with first, the others as Graph does.
func onceThen(first func(w http.ResponseWriter, rs []map[string]any)) func(w http.ResponseWriter, rs []map[string]any) {
	var done atomic.Bool
	return func(w http.ResponseWriter, rs []map[string]any) {
		if done.CompareAndSwap(false, true) {
			first(w, rs)
			return
		}
		writeBatch(w, http.StatusOK, rs)
	}
}

func TestABatchedRoundResyncsOnItsOwn410(t *testing.T) {
	g := &batchGraph{}
	c, _ := startBatchGraph(t, g, graph.Options{}, 150*time.Millisecond)
	_, errs := startRounds(t, c, g.base, []string{"k00", "gone", "k01"})
	var resync *graph.ResyncError
	if errs[0] != nil || errs[2] != nil || !errors.As(errs[1], &resync) || resync.Location != g.base+"/v1.0/items/gone/delta" {
		t.Fatalf("errors %v: want only the second round to resync, at its Location", errs)
	}
	if g.posts.Load() != 1 || g.gets.Load() != 0 {
		t.Errorf("sent %d batches and %d plain requests; want one batch", g.posts.Load(), g.gets.Load())
	}
}

// A batch's answer whose body stalls after its headers is a body cut
// short, as a lone request's is: after BodyIdleTimeout its requests are
// retried, instead of waiting for as long as the connection stays open.
func TestAStalledBatchAnswerIsRetried(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	g := &batchGraph{answer: onceThen(func(w http.ResponseWriter, _ []map[string]any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"responses":[`))
		w.(http.Flusher).Flush()
		<-release
	})}
	c, _ := startBatchGraph(t, g, graph.Options{BodyIdleTimeout: 200 * time.Millisecond}, 150*time.Millisecond)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	keys := keysOf(4)
	links, errs := make([]string, len(keys)), make([]error, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() {
			q := graph.Query{URL: g.base + "/v1.0/items/" + k + "/delta?$deltatoken=1"}
			links[i], errs[i] = c.Round(ctx, q, func(context.Context, graph.Page) error { return nil })
		})
	}
	wg.Wait()
	for i, k := range keys {
		if want := g.base + "/v1.0/items/" + k + "/delta?$deltatoken=2"; errs[i] != nil || links[i] != want {
			t.Errorf("round %s: %q, %v; want %q after a retry", k, links[i], errs[i], want)
		}
	}
}
