package fault

import (
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
)

func TestConcurrentRequestsFireExactly(t *testing.T) {
	const workers, perWorker = 8, 125
	i := injector(t, rules(Rule{Kind: Throttle, Every: 2}))
	s := serve(t, i.Middleware(graph()), plainHTTP1)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	t.Cleanup(client.CloseIdleConnections)
	var throttled atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range perWorker {
				resp, err := client.Get(s.URL + "/v1.0/users/delta")
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusTooManyRequests {
					throttled.Add(1)
				}
			}
		})
	}
	wg.Wait()
	t.Run("an every-2 rule throttles exactly half of 1000 parallel requests", func(t *testing.T) {
		if got := throttled.Load(); got != 500 {
			t.Errorf("%d requests throttled, want 500", got)
		}
	})
	t.Run("Stats agrees with the clients", func(t *testing.T) {
		if got := i.Stats()[Throttle]; got != 500 {
			t.Errorf("Stats counts %d throttles, want 500", got)
		}
	})
}
