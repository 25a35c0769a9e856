package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// staticToken is a TokenSource of one token.
type staticToken struct{}

func (staticToken) Token(context.Context) (string, time.Time, error) {
	return "t0k3n", time.Now().Add(time.Hour), nil
}

// TestBatchAnswerDrawsOnPageMemory: a batch's answer, read whole before
// its requests get their answers, holds its bytes from the Client's page
// memory budget as a page does. The server pads its answers with a
// member of 1 MiB beside six small responses.
func TestBatchAnswerDrawsOnPageMemory(t *testing.T) {
	const padding = 1 << 20
	var base string
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var batch struct {
			Requests []struct{ ID, URL string } `json:"requests"`
		}
		if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&batch) != nil {
			http.Error(w, "want a batch", http.StatusBadRequest)
			return
		}
		var out strings.Builder
		fmt.Fprintf(&out, `{"padding":"%s","responses":[`, strings.Repeat("x", padding))
		for i, req := range batch.Requests {
			if i > 0 {
				out.WriteByte(',')
			}
			path, _, _ := strings.Cut(req.URL, "?")
			fmt.Fprintf(&out, `{"id":%q,"status":200,"body":{"value":[],"@odata.deltaLink":"%s/v1.0%s?$deltatoken=2"}}`, req.ID, base, path)
		}
		out.WriteString(`]}`)
		_, _ = w.Write([]byte(out.String()))
	}))
	t.Cleanup(ts.Close)
	base = ts.URL
	c := New(Options{HTTPClient: ts.Client(), Tokens: staticToken{}, Limits: Limits{Concurrency: -1}})
	c.batch.judge, c.batch.linger = alwaysBatch(), 100*time.Millisecond
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			link := fmt.Sprintf("%s/v1.0/items/k%d/delta?$deltatoken=1", base, i)
			if _, err := c.Round(t.Context(), Query{URL: link}, func(context.Context, Page) error { return nil }); err != nil {
				t.Errorf("round %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if sent, _ := c.Batches(); sent != 1 {
		t.Fatalf("%d batches sent, want 1", sent)
	}
	c.pages.mu.Lock()
	peak, held := c.pages.peak, c.pages.held
	c.pages.mu.Unlock()
	if peak < padding || held != 0 {
		t.Errorf("page memory peaked at %d bytes and holds %d after the rounds; want the answer's %d bytes or more, then none", peak, held, padding)
	}
}
