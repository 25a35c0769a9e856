package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/runner"
	"github.com/graphlake/graphlake/sdk/wire"
)

// hangingConnector opens plugins whose Sync never ends by itself: a
// plugin, or a Graph answer, that hangs without end.
type hangingConnector struct{ next runner.Connector }

func (c hangingConnector) Open(ctx context.Context, ref string) (runner.Conn, error) {
	conn, err := c.next.Open(ctx, ref)
	if err != nil {
		return nil, err
	}
	return hangingConn{conn}, nil
}

type hangingConn struct{ runner.Conn }

func (c hangingConn) Source() wire.Source { return hangingSource{c.Conn.Source()} }

type hangingSource struct{ wire.Source }

func (hangingSource) Sync(ctx context.Context, _ wire.SyncRequest, _ func(wire.Event) error) error {
	<-ctx.Done()
	return ctx.Err()
}

// TestARoundPastItsTimeoutIsAbandoned: with --round-timeout, a round that
// hangs is abandoned once the timeout passes, with a message naming the
// flag; nothing is committed, so the lake stays at its last good round.
// Without the flag the same round waits for its plugin.
func TestARoundPastItsTimeoutIsAbandoned(t *testing.T) {
	h, lp := loadedHarness(t, `  source "users" {}`)
	ctx := context.Background()
	if err := runPipeline(ctx, io.Discard, io.Discard, lp, runFlags{connector: inProcessConnector{}}); err != nil {
		t.Fatalf("the first round: %v", err)
	}
	t.Run("abandoned at the timeout", func(t *testing.T) {
		done := make(chan error, 1)
		go func() {
			done <- runPipeline(ctx, io.Discard, io.Discard, lp, runFlags{connector: hangingConnector{inProcessConnector{}}, roundTimeout: 300 * time.Millisecond})
		}()
		var err error
		select {
		case err = <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("the round still hangs 20 s after its 300 ms timeout")
		}
		if err == nil || !strings.Contains(err.Error(), "--round-timeout 300ms") || !strings.Contains(err.Error(), "nothing committed") {
			t.Fatalf("runPipeline = %v, want the round abandoned, naming --round-timeout", err)
		}
		if code := exitCodeOf(err); code != exitFailure {
			t.Errorf("exit code %d, want %d", code, exitFailure)
		}
		latest, lerr := manifest.Latest(ctx, h.lake())
		if lerr != nil || latest.Round != 1 {
			t.Fatalf("the lake's newest round: %v (%v), want round 1, the last good one", latest, lerr)
		}
	})
	t.Run("without the flag, the round waits", func(t *testing.T) {
		wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		done := make(chan error, 1)
		go func() {
			done <- runPipeline(wctx, io.Discard, io.Discard, lp, runFlags{connector: hangingConnector{inProcessConnector{}}})
		}()
		select {
		case err := <-done:
			t.Fatalf("a round without --round-timeout ended by itself before its caller stopped it: %v", err)
		case <-time.After(time.Second):
		}
		cancel()
		<-done
	})
}
