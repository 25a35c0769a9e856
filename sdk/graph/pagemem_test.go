package graph_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
)

// bigPages serves two-page rounds at /a/delta and /b/delta whose pages
// are about 900 KB each.
func bigPages(w http.ResponseWriter, r *http.Request, _ int, base string) {
	pad := strings.Repeat("x", 900<<10)
	link := `"@odata.nextLink":"` + base + r.URL.Path + `?$skiptoken=2"`
	if r.URL.Query().Get("$skiptoken") != "" {
		link = `"@odata.deltaLink":"` + base + r.URL.Path + `?$deltatoken=d"`
	}
	_, _ = w.Write([]byte(`{"value":[{"id":"` + r.URL.Path + `","pad":"` + pad + `"}],` + link + `}`))
}

func TestPageMemoryIsSharedByAllRounds(t *testing.T) {
	c, base, _, _ := scripted(t, graph.Options{PageMemory: 1 << 20}, bigPages)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	holding, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	var errA, errB error
	var pagesB int
	var mu sync.Mutex
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, errA = c.Round(ctx, graph.Query{URL: base + "/a/delta"}, func(_ context.Context, p graph.Page) error {
			if p.Number == 1 {
				close(holding) // round a holds a page's memory while this runs
				<-release
			}
			return nil
		})
	}()
	<-holding
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, errB = c.Round(ctx, graph.Query{URL: base + "/b/delta"}, func(context.Context, graph.Page) error {
			mu.Lock()
			pagesB++
			mu.Unlock()
			return nil
		})
	}()
	time.Sleep(300 * time.Millisecond)
	mu.Lock()
	early := pagesB
	mu.Unlock()
	close(release)
	wg.Wait()
	if early != 0 {
		t.Errorf("round b read %d pages while round a held the whole page memory; want it to wait", early)
	}
	if errA != nil || errB != nil || pagesB != 2 {
		t.Errorf("round a: %v; round b: %v after %d pages; want both to finish", errA, errB, pagesB)
	}
}

// TestAClientWithItsOwnPageMemoryDoesNotWait: a round on a Client from
// WithPageMemory reads its pages while a round of the original Client
// holds the whole of the original's page memory.
func TestAClientWithItsOwnPageMemoryDoesNotWait(t *testing.T) {
	c, base, _, _ := scripted(t, graph.Options{PageMemory: 1 << 20}, bigPages)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := c.Round(ctx, graph.Query{URL: base + "/a/delta"}, func(_ context.Context, p graph.Page) error {
			if p.Number == 1 {
				close(holding)
				<-release
			}
			return nil
		})
		done <- err
	}()
	<-holding
	pages := 0
	_, err := c.WithPageMemory(2<<20).Round(ctx, graph.Query{URL: base + "/b/delta"}, func(context.Context, graph.Page) error {
		pages++
		return nil
	})
	close(release)
	if errA := <-done; errA != nil {
		t.Errorf("round a: %v", errA)
	}
	if err != nil || pages != 2 {
		t.Errorf("round b on its own page memory: %v after %d pages, want 2 pages while round a held the other budget", err, pages)
	}
}

func TestAPageLargerThanThePageMemoryProceedsAlone(t *testing.T) {
	c, base, _, _ := scripted(t, graph.Options{PageMemory: 100 << 10}, bigPages)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.Round(ctx, graph.Query{URL: base + "/a/delta"}, (&collector{}).add)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("round %d: %v", i, err)
		}
	}
}
