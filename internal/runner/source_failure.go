package runner

import (
	"context"
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/pluginhost"
	"github.com/graphlake/graphlake/sdk/wire"
)

// wholeSource names the stream that a failed source's entry records when
// the source had no stream yet.
const wholeSource = "*"

// maxStreamName caps a stream's id as a plugin reports it.
const maxStreamName = 1024

// checkStreamName refuses a stream id the manifest and the terminal
// should not carry: empty, too long, not UTF-8, or holding a control
// character.
func checkStreamName(name string) error {
	bad := name == "" || len(name) > maxStreamName || !utf8.ValidString(name)
	for _, r := range name {
		bad = bad || unicode.IsControl(r)
	}
	if bad {
		return &pluginhost.ProtocolError{Err: fmt.Errorf("stream id %s: want 1 to %d printable characters", wire.Printable(name), maxStreamName)}
	}
	return nil
}

// sourceFailed reports whether a source's error fails that source alone:
// its plugin broke the protocol (see pluginhost.ProtocolError) while the round
// carried on.
func sourceFailed(ctx context.Context, err error) bool {
	return errors.Is(err, pluginhost.ErrProtocol) && ctx.Err() == nil
}

// failSource records that a source failed as a whole: what it wrote this
// round is dropped, the checkpoints it sent are forgotten, and each stream
// it had (in this shard) is recorded as failed with err, keeping its
// deltaLink; a source without streams yet is recorded as one failed
// stream named "*". The other sources commit.
func (r *round) failSource(ctx context.Context, source string, owns func(string) bool, err error) {
	r.mu.Lock()
	var tables []string
	for name := range r.tables[source] {
		tables = append(tables, name)
	}
	r.mu.Unlock()
	cctx, cancel := cleanupContext(ctx)
	r.writer.Drop(cctx, tables...)
	cancel()
	msg := err.Error()
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range r.checkpoints {
		if k.Source == source {
			delete(r.checkpoints, k)
		}
	}
	n := 0
	for k := range r.prior.state.All() {
		if k.Source == source && owns(k.Stream) {
			r.checkpoints[k] = &wire.Checkpoint{Stream: k.Stream, Status: wire.StatusFailed, Error: msg}
			n++
		}
	}
	if n == 0 {
		r.checkpoints[manifest.Key{Source: source, Stream: wholeSource}] = &wire.Checkpoint{Stream: wholeSource, Status: wire.StatusFailed, Error: msg}
	}
	r.opts.Logger.Error("source failed; the other sources go on", "source", source, "error", msg)
}
