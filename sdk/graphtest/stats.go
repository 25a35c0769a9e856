package graphtest

import (
	"maps"
	"sync"
)

// stats counts requests by kind, for benchmarks and tests that assert how
// many requests a client made.
type stats struct {
	mu     sync.Mutex
	counts map[string]int64
}

func newStats() *stats { return &stats{counts: map[string]int64{}} }

func (s *stats) count(kind string) {
	s.mu.Lock()
	s.counts[kind]++
	s.mu.Unlock()
}

func (s *stats) snapshot() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.counts)
}

// RequestCounts returns how many requests the emulator served, by kind:
// "graph" (all Graph requests, each request of a $batch included),
// "batch" (the $batch requests themselves), "identity", "unauthorized", and per
// endpoint, e.g. "users.delta" or "messages.delta". Endpoint counts include
// only requests that reached the endpoint: those answered by an injected
// fault or refused for their token are in "graph" alone.
func (s *Server) RequestCounts() map[string]int64 { return s.stats.snapshot() }
