package graph

import (
	"context"
	"time"
)

// SetSleep replaces the client's wait between retries.
func SetSleep(c *Client, fn func(ctx context.Context, d time.Duration) error) { c.sleep = fn }

// SetBatchLinger replaces how long a request waits for others to share
// its JSON batch, and makes every batchable request go in a batch (no
// judge).
func SetBatchLinger(c *Client, d time.Duration) {
	if c.batch != nil {
		c.batch.linger = d
		c.batch.judge = alwaysBatch()
	}
}

// SetMaxBody replaces the client's response body limit (its batches'
// too).
func SetMaxBody(c *Client, n int64) {
	c.maxBody = n
	if c.batch != nil {
		c.batch.maxBody = n
	}
}

// RetryAfter and Backoff expose the retry timing for unit tests.
var (
	RetryAfter = retryAfter
	Backoff    = backoff
)

// MaxRetryAfter is the longest Retry-After the client reads.
const MaxRetryAfter = maxRetryAfter

// alwaysBatch is a judge that always batches and never probes: its window
// never ends.
func alwaysBatch() *batchJudge {
	j := newBatchJudge(func() time.Time { return time.Time{} }, 2)
	j.batching, j.probe = true, 0
	return j
}
