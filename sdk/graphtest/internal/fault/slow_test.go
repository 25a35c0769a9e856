package fault

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

func TestSlowDelaysTheAnswer(t *testing.T) {
	const delay = 150 * time.Millisecond
	s := serve(t, injector(t, rules(Rule{Kind: Slow, Delay: Duration(delay)})).Middleware(graph()), plainHTTP1)
	start := time.Now()
	body, err := read(s.Client(), s.URL+"/v1.0/users/delta")
	if took := time.Since(start); err != nil || body != pageBody() || took < delay {
		t.Errorf("answered after %v with %d bytes and error %v, want the whole page after %v", took, len(body), err, delay)
	}
}

func TestSlowStopsWhenTheClientGivesUp(t *testing.T) {
	var served atomic.Bool
	returned := make(chan time.Time, 1)
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served.Store(true) })
	h := injector(t, rules(Rule{Kind: Slow, Delay: Duration(10 * time.Second)})).Middleware(inner)
	s := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		returned <- time.Now()
	}), plainHTTP1)

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/v1.0/users/delta", nil)
	start := time.Now()
	if resp, err := s.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("the client got an answer before giving up")
	}
	t.Run("the handler returns soon after the client gives up", func(t *testing.T) {
		select {
		case at := <-returned:
			if took := at.Sub(start); took > 2*time.Second {
				t.Errorf("returned after %v", took)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the handler still waits 5s after the client gave up")
		}
	})
	t.Run("the Graph handler never runs", func(t *testing.T) {
		if served.Load() {
			t.Error("the wrapped handler served a request whose client had gone")
		}
	})
}
