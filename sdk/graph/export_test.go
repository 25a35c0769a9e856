package graph

import (
	"context"
	"time"
)

// SetSleep replaces the client's wait between retries.
func SetSleep(c *Client, fn func(ctx context.Context, d time.Duration) error) { c.sleep = fn }

// SetMaxBody replaces the client's response body limit.
func SetMaxBody(c *Client, n int64) { c.maxBody = n }

// RetryAfter and Backoff expose the retry timing for unit tests.
var (
	RetryAfter = retryAfter
	Backoff    = backoff
)
