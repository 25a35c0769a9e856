package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// defaultBodyIdleTimeout is how long a response body may send nothing
// before the attempt is treated as cut short.
const defaultBodyIdleTimeout = time.Minute

// errBodyStalled is the cause an attempt's context is cancelled with when
// its body stalls.
var errBodyStalled = errors.New("response body stalled")

// idleBody fails a body that sends nothing for d: each Read arms a timer
// that cancels the attempt's context (with errBodyStalled), which makes
// the transport abort the read. Only time spent inside Read counts, so a
// caller that pauses between reads (waiting for memory, say) is not
// mistaken for a stalled server.
type idleBody struct {
	body  io.ReadCloser
	d     time.Duration
	timer *time.Timer
}

// newIdleBody wraps body; cancel aborts the attempt.
func newIdleBody(body io.ReadCloser, d time.Duration, cancel context.CancelCauseFunc) *idleBody {
	t := time.AfterFunc(d, func() { cancel(errBodyStalled) })
	t.Stop()
	return &idleBody{body: body, d: d, timer: t}
}

// Read implements io.Reader.
func (b *idleBody) Read(p []byte) (int, error) {
	b.timer.Reset(b.d)
	n, err := b.body.Read(p)
	b.timer.Stop()
	return n, err
}

// Close stops the timer and closes the body.
func (b *idleBody) Close() error {
	b.timer.Stop()
	return b.body.Close()
}

// stalled replaces err by a retryable "stalled" failure when the attempt's
// context ctx was cancelled because the body stalled (and not because the
// caller's own context ended).
func stalled(ctx context.Context, err error, d time.Duration) error {
	if err != nil && errors.Is(context.Cause(ctx), errBodyStalled) {
		return &retryable{err: fmt.Errorf("read response body: %w: no bytes for %v", errBodyStalled, d)}
	}
	return err
}
