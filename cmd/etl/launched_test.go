package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/auth"
	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/runner"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// countingConnector counts the plugins opened and closed through it.
type countingConnector struct {
	next runner.Connector

	mu            sync.Mutex
	opens, closes int
}

func (c *countingConnector) Open(ctx context.Context, ref string) (runner.Conn, error) {
	conn, err := c.next.Open(ctx, ref)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.opens++
	c.mu.Unlock()
	return &countedConn{Conn: conn, c: c}, nil
}

type countedConn struct {
	runner.Conn
	c *countingConnector
}

func (c *countedConn) Close() {
	c.c.mu.Lock()
	c.c.closes++
	c.c.mu.Unlock()
	c.Conn.Close()
}

// TestRoundStartsEachPluginOnce: the plugin that the checks before a
// round started and asked about its configuration is the one the round
// syncs with, not a second process of the same plugin; it is ended once,
// whether the round ran or the checks refused the source.
func TestRoundStartsEachPluginOnce(t *testing.T) {
	for _, tc := range []struct {
		name, sources string
		wantCode      int
	}{
		{"a round", `  source "users" {}`, 0},
		{"a refused source", `  source "users" { no_such_attribute = 1 }`, exitConfig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, lp := loadedHarness(t, tc.sources)
			counting := &countingConnector{next: inProcessConnector{}}
			var stderr strings.Builder
			_, err := runRound(context.Background(), io.Discard, &stderr, lp, runFlags{connector: counting})
			if code := reportError(io.Discard, err); code != tc.wantCode {
				t.Fatalf("round: exit code %d (%v), want %d\n%s", code, err, tc.wantCode, stderr.String())
			}
			if counting.opens != 1 || counting.closes != 1 {
				t.Errorf("the plugin was started %d times and ended %d times: want once each", counting.opens, counting.closes)
			}
		})
	}
}

// waitingConnector opens a plugin only once the emulator has issued an
// access token (or after a while): the host's own token request is part of
// getting the round ready.
type waitingConnector struct {
	next runner.Connector
	srv  *graphtest.Server
	// sawToken is whether the token came before the plugin was opened.
	sawToken atomic.Bool
}

func (c *waitingConnector) Open(ctx context.Context, ref string) (runner.Conn, error) {
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if c.srv.RequestCounts()["identity"] > 0 {
			c.sawToken.Store(true)
			break
		}
	}
	return c.next.Open(ctx, ref)
}

// TestChecksRunWhileTheRoundGetsReady: the plugins are started and
// checked while the host gets the round ready (its store, its token, the
// lake's state), not before: a plugin whose start waits for the host's
// token still starts.
func TestChecksRunWhileTheRoundGetsReady(t *testing.T) {
	h, lp := loadedHarness(t, `  source "users" {}`)
	waiting := &waitingConnector{next: inProcessConnector{}, srv: h.srv}
	var stderr strings.Builder
	if _, err := runRound(context.Background(), io.Discard, &stderr, lp, runFlags{connector: waiting}); err != nil {
		t.Fatalf("round: %v\n%s", err, stderr.String())
	}
	if !waiting.sawToken.Load() {
		t.Error("the plugin was started before the host asked for its token, and the token came only after the checks: they ran one after the other")
	}
}

// loadedHarness is a harness of three users with sources, its environment
// set and its folder the working one, and its pipeline loaded as etl run
// loads it.
func loadedHarness(t *testing.T, sources string) (*harness, *loadedPipeline) {
	t.Helper()
	h := newHarness(t, graphtest.Options{Seed: 5, Users: 3}, sources)
	for _, kv := range h.env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	t.Chdir(h.dir)
	lp, err := loadPipeline(io.Discard, h.pipeline, config.LoadOptions{RequireSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	return h, lp
}

// TestTheCredentialIsBuiltWhileTheLakeIsRead: a round's options are ready,
// and the lake's state can be read, while the credential is still being
// built (it reads the system's trusted roots); its tokens wait for it, and
// a credential that cannot be built is the round's error, with its exit
// code, and ends the round's context.
func TestTheCredentialIsBuiltWhileTheLakeIsRead(t *testing.T) {
	_, lp := loadedHarness(t, `  source "users" {}`)
	t.Run("built", func(t *testing.T) {
		release := make(chan struct{})
		slow := func(p *config.Pipeline, ca []byte) (*auth.Tokens, error) {
			<-release
			return newTokens(p, ca)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		ready := make(chan error, 1)
		var opts runner.Options
		var check *background
		go func() {
			var err error
			opts, _, check, err = roundOptions(ctx, cancel, io.Discard, lp, inProcessConnector{}, "", slow)
			ready <- err
		}()
		select {
		case err := <-ready:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			close(release)
			t.Fatal("the round's options waited for the credential to be built")
		}
		got := make(chan error, 1)
		go func() {
			_, _, err := opts.Tokens.Token(ctx)
			got <- err
		}()
		select {
		case err := <-got:
			t.Fatalf("a token came (%v) before the credential was built", err)
		case <-time.After(50 * time.Millisecond):
		}
		close(release)
		if err := <-got; err != nil {
			t.Fatalf("token: %v", err)
		}
		if err := check.wait(); err != nil {
			t.Fatalf("the credential's check: %v", err)
		}
	})
	t.Run("refused", func(t *testing.T) {
		bad := func(*config.Pipeline, []byte) (*auth.Tokens, error) {
			return nil, withCode(exitConfig, errors.New("graph: no such authority"))
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		opts, _, check, err := roundOptions(ctx, cancel, io.Discard, lp, inProcessConnector{}, "", bad)
		if err != nil {
			t.Fatal(err)
		}
		err = check.wait()
		if code := reportError(io.Discard, err); code != exitConfig || !strings.Contains(err.Error(), "no such authority") {
			t.Errorf("the check returned %v (exit code %d), want the credential's error with exit code %d", err, code, exitConfig)
		}
		if ctx.Err() == nil {
			t.Error("the round's context goes on after its credential was refused")
		}
		if _, _, err := opts.Tokens.Token(context.Background()); err == nil || !strings.Contains(err.Error(), "no such authority") {
			t.Errorf("a token of a refused credential: %v, want its error", err)
		}
	})
}
