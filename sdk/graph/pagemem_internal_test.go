package graph

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
	"unsafe"
)

// grown runs l.grow(n) in the background and reports its result.
func grown(ctx context.Context, l *memLease, n int64) <-chan error {
	out := make(chan error, 1)
	go func() { out <- l.grow(ctx, n) }()
	return out
}

// waitsThenGets checks that ch yields nothing before release runs, and nil
// after.
func waitsThenGets(t *testing.T, ch <-chan error, release func()) {
	t.Helper()
	select {
	case err := <-ch:
		t.Fatalf("grow returned %v before memory was released; want it to wait", err)
	case <-time.After(50 * time.Millisecond):
	}
	release()
	select {
	case err := <-ch:
		if err != nil {
			t.Fatalf("grow: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("grow still waits after memory was released")
	}
}

func TestPageMemory(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, m *pageMemory)
	}{
		{"grows within the budget at once", func(t *testing.T, m *pageMemory) {
			a, b := m.lease(), m.lease()
			if a.grow(t.Context(), 60) != nil || b.grow(t.Context(), 40) != nil || m.held != 100 {
				t.Fatalf("held %d, want 100", m.held)
			}
		}},
		{"a grow past the budget waits for a release", func(t *testing.T, m *pageMemory) {
			a, b := m.lease(), m.lease()
			_ = a.grow(t.Context(), 100)
			waitsThenGets(t, grown(t.Context(), b, 10), a.release)
		}},
		{"a body larger than the whole budget proceeds when nothing is held", func(t *testing.T, m *pageMemory) {
			if err := m.lease().grow(t.Context(), 1000); err != nil || m.held != 1000 {
				t.Fatalf("grow: %v, held %d", err, m.held)
			}
		}},
		{"when every holder waits, the first waiter proceeds past the budget", func(t *testing.T, m *pageMemory) {
			a, b := m.lease(), m.lease()
			_, _ = a.grow(t.Context(), 60), b.grow(t.Context(), 30)
			first := grown(t.Context(), a, 50)
			var second <-chan error
			// b still reads: a waits; once b waits too, nothing would
			// ever be released, and a, the first waiter, proceeds.
			waitsThenGets(t, first, func() { second = grown(t.Context(), b, 50) })
			if !a.overdraft {
				t.Error("a is not marked as past the budget")
			}
			a.bodyDone()
			waitsThenGets(t, second, a.release)
		}},
		{"a waiter gives up with its context", func(t *testing.T, m *pageMemory) {
			a, b := m.lease(), m.lease()
			_ = a.grow(t.Context(), 100)
			ctx, cancel := context.WithCancel(t.Context())
			ch := grown(ctx, b, 10)
			time.Sleep(20 * time.Millisecond)
			cancel()
			if err := <-ch; !errors.Is(err, context.Canceled) || len(m.queue) != 0 || m.waiting != 0 {
				t.Fatalf("err %v, queue %d, waiting %d; want canceled and a clean queue", err, len(m.queue), m.waiting)
			}
		}},
		{"a shrink lets the waiters that fit in, in order", func(t *testing.T, m *pageMemory) {
			a, b, c := m.lease(), m.lease(), m.lease()
			_ = a.grow(t.Context(), 100)
			chB := grown(t.Context(), b, 30)
			time.Sleep(20 * time.Millisecond)
			chC := grown(t.Context(), c, 30)
			time.Sleep(20 * time.Millisecond)
			a.shrink(60)
			for _, ch := range []<-chan error{chB, chC} {
				if err := <-ch; err != nil {
					t.Fatal(err)
				}
			}
			if m.held != 100 {
				t.Errorf("held %d, want 100", m.held)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newPageMemory(100)) })
	}
}

// TestWalksReuseSmallBuffers: rounds of one small page each, as most
// streams of an incremental mail round are, reuse the buffers of the
// rounds before them instead of allocating two first-size buffers each.
func TestWalksReuseSmallBuffers(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"value":[],"@odata.deltaLink":"https://` + r.Host + `/v1.0/users/delta?$deltatoken=d"}`))
	}))
	defer srv.Close()
	c := New(Options{Tokens: oneToken{}, HTTPClient: srv.Client()})
	round := func() {
		if _, err := c.Round(context.Background(), Query{URL: srv.URL + "/v1.0/users/delta"}, func(context.Context, Page) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	spares := func() []*byte {
		c.pages.spare.mu.Lock()
		defer c.pages.spare.mu.Unlock()
		var ptrs []*byte
		for _, b := range c.pages.spare.bufs {
			ptrs = append(ptrs, unsafe.SliceData(b))
		}
		return ptrs
	}
	round()
	first := spares()
	if len(first) == 0 {
		t.Fatal("a finished round of one small page left no spare buffer")
	}
	for i := range 50 {
		round()
		if got := spares(); !slices.Equal(got, first) {
			t.Fatalf("round %d: the spare buffers are %v, want the first round's %v again: the page buffers (%d bytes) were not reused", i+2, got, first, minPageBuffer)
		}
	}
}

// oneToken is a TokenSource that always returns the same token.
type oneToken struct{}

func (oneToken) Token(context.Context) (string, time.Time, error) {
	return "t", time.Now().Add(time.Hour), nil
}
