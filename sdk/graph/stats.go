package graph

import (
	"maps"
	"sync"
	"time"
)

// Stats counts what a Client and the Clients WithLimits derives from it
// sent to Graph, and how long they waited because of its answers, by the
// HTTP status of the answer: 0 stands for an attempt that got no answer
// (a transport failure, a connection cut before the headers), and, for
// waits, also for a body cut short after its 2xx headers (the attempt
// itself counts under its status). 429 and 503 are Graph's throttling.
type Stats map[int]StatusStats

// StatusStats is what Stats counts for one status.
type StatusStats struct {
	// Requests is the attempts answered with the status, retries
	// included.
	Requests int64
	// Waits is how many times a request waited because of an answer with
	// the status: before retrying after it (its Retry-After, or the
	// back-off), or held because another request's answer carried a
	// Retry-After that holds the tenant or the request's mailbox.
	Waits int64
	// Waited is the time those waits took, summed over the requests (with
	// many in flight it can exceed the wall time).
	Waited time.Duration
}

// stats is a Client's running Stats, shared with the Clients WithLimits
// derives from it.
type stats struct {
	mu sync.Mutex
	by Stats
	// batches and batched count the JSON batches sent and the requests
	// they carried.
	batches, batched int64
}

// batch counts one JSON batch of n requests.
func (s *stats) batch(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches++
	s.batched += int64(n)
}

// Batches returns how many JSON batches c and every Client WithLimits
// derived from c (or c from) sent, and how many requests they carried
// (each also counted under its answer's status in Stats).
func (c *Client) Batches() (batches, requests int64) {
	c.stats.mu.Lock()
	defer c.stats.mu.Unlock()
	return c.stats.batches, c.stats.batched
}

func newStats() *stats { return &stats{by: Stats{}} }

// request counts one attempt answered with status (0: no answer).
func (s *stats) request(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.by[status]
	st.Requests++
	s.by[status] = st
}

// wait counts one wait of d because of an answer with status.
func (s *stats) wait(status int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.by[status]
	st.Waits++
	st.Waited += max(d, 0)
	s.by[status] = st
}

// snapshot copies the counts so far.
func (s *stats) snapshot() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.by)
}

// Stats returns the requests and waits counted so far by c and by every
// Client WithLimits derived from c (or c from).
func (c *Client) Stats() Stats { return c.stats.snapshot() }
