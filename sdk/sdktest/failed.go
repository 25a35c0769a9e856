package sdktest

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/wire"
)

// RoundOption changes what Runner.Sync accepts of one round.
type RoundOption func(*roundOptions)

// roundOptions are a round's options once applied.
type roundOptions struct {
	// allowFailed are the stream id patterns that may end failed.
	allowFailed []string
	// statesDelay is how long each page of prior states after the first
	// takes (SlowStates).
	statesDelay time.Duration
}

// SlowStates makes each page of the round's prior states after the first
// take d to come, as the host's pages of a large lake do (at 100,000
// streams, about a second in all): a source that waits for every state
// before it starts shows it.
func SlowStates(d time.Duration) RoundOption {
	return func(o *roundOptions) { o.statesDelay = d }
}

// AllowFailed declares that the round's streams whose ids match one of
// the patterns are expected to end with status failed: Sync does not fail
// the test for them, and the test asserts on them itself (Round.Failed).
// A pattern is a stream id or a path.Match pattern over it ("*/folders"
// is every mailbox's folders stream; * does not cross a /). Without
// AllowFailed, any failed stream fails the test.
func AllowFailed(patterns ...string) RoundOption {
	return func(o *roundOptions) { o.allowFailed = append(o.allowFailed, patterns...) }
}

// allowed reports whether the options let the stream end failed. A
// malformed pattern allows nothing and is reported by checkPatterns.
func (o *roundOptions) allowed(stream string) bool {
	for _, p := range o.allowFailed {
		if ok, err := path.Match(p, stream); ok && err == nil {
			return true
		}
	}
	return false
}

// checkPatterns names the first malformed AllowFailed pattern.
func (o *roundOptions) checkPatterns() error {
	for _, p := range o.allowFailed {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("sdktest.AllowFailed(%q): %w: want a stream id or a path.Match pattern", p, err)
		}
	}
	return nil
}

// Failed returns the round's checkpoints with status failed, in order.
func (rd Round) Failed() []wire.Checkpoint {
	var out []wire.Checkpoint
	for _, cp := range rd.Checkpoints {
		if cp.Status == wire.StatusFailed {
			out = append(out, cp)
		}
	}
	return out
}

// unexpectedFailures fails the test once for each failed stream of the
// round that the options do not allow, naming the stream and its error as
// the host prints them (see failureText).
func (r *Runner) unexpectedFailures(out Round, opts *roundOptions, links []string) {
	r.t.Helper()
	if err := opts.checkPatterns(); err != nil {
		r.t.Errorf("round %d: %v", r.round, err)
	}
	for _, cp := range out.Failed() {
		if opts.allowed(cp.Stream) {
			continue
		}
		r.t.Errorf("round %d: stream %s failed: %s (if the test expects it, pass sdktest.AllowFailed(%q) to Sync)",
			r.round, wire.EscapeControl(cp.Stream), failureText(cp.Error, links), wire.EscapeControl(cp.Stream))
	}
}

// failureText is a stream's error as the host prints it (control
// characters escaped), with every deltaLink the runner holds or was sent
// this round replaced by its redacted form (graph.Redact) should the
// source have put one in its error.
func failureText(msg string, links []string) string {
	for _, l := range links {
		if l != "" {
			msg = strings.ReplaceAll(msg, l, graph.Redact(l))
		}
	}
	return wire.EscapeControl(msg)
}
