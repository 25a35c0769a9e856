package graph_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
)

func TestAStalledBodyIsRetried(t *testing.T) {
	tests := []struct {
		name   string
		status int
		first  string // what the first answer sends before it stalls
		call   func(ctx context.Context, c *graph.Client, base string) error
	}{
		{"a page body", http.StatusOK, `{"value":[{"id":"a"},`, func(ctx context.Context, c *graph.Client, base string) error {
			_, err := c.Round(ctx, graph.Query{URL: base + "/users/delta"}, (&collector{}).add)
			return err
		}},
		{"a resource body", http.StatusOK, `{"id":`, func(ctx context.Context, c *graph.Client, base string) error {
			var v map[string]any
			return c.GetJSON(ctx, base+"/users/delta", nil, &v)
		}},
		{"an error body", http.StatusServiceUnavailable, `{"error":{"code":`, func(ctx context.Context, c *graph.Client, base string) error {
			_, err := c.Round(ctx, graph.Query{URL: base + "/users/delta"}, (&collector{}).add)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, base, n, waits := scripted(t, graph.Options{BodyIdleTimeout: 200 * time.Millisecond}, func(w http.ResponseWriter, r *http.Request, n int, base string) {
				if n == 1 {
					w.WriteHeader(tt.status)
					_, _ = w.Write([]byte(tt.first))
					w.(http.Flusher).Flush()
					<-r.Context().Done() // the body stalls until the client gives up
					return
				}
				_, _ = w.Write([]byte(`{"value":[{"id":"a"}],"@odata.deltaLink":"` + base + `/users/delta?$deltatoken=d"}`))
			})
			ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
			defer cancel()
			start := time.Now()
			if err := tt.call(ctx, c, base); err != nil {
				t.Fatalf("err = %v after %v", err, time.Since(start))
			}
			if n.Load() != 2 || len(waits.all()) != 1 {
				t.Errorf("%d requests, %d back-offs; want the stalled answer retried once", n.Load(), len(waits.all()))
			}
		})
	}
}
