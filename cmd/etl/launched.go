package main

import (
	"context"
	"io"
	"sync"

	"github.com/graphlake/graphlake/internal/runner"
)

// keptConnector opens plugins through next and keeps those that the
// checks before a round (validateSources) close, so that the round takes
// the same processes instead of starting each plugin a second time: a
// plugin's launch (a process, go-plugin's handshake with its throwaway
// mTLS certificates) was a fifth of the time before a round's first
// request. Conns closed by the checks wait in idle, by plugin reference;
// Open hands one out before starting another process, and the round's
// Close of a conn it took ends the process. release ends the ones no
// round took.
type keptConnector struct {
	next runner.Connector

	mu   sync.Mutex
	idle map[string][]runner.Conn
}

func newKeptConnector(next runner.Connector) *keptConnector {
	return &keptConnector{next: next, idle: map[string][]runner.Conn{}}
}

// Open hands out a kept conn of ref, or opens one through next.
func (k *keptConnector) Open(ctx context.Context, ref string) (runner.Conn, error) {
	k.mu.Lock()
	if kept := k.idle[ref]; len(kept) > 0 {
		conn := kept[0]
		k.idle[ref] = kept[1:]
		k.mu.Unlock()
		return conn, nil
	}
	k.mu.Unlock()
	return k.next.Open(ctx, ref)
}

// checks is the connector for the checks before the round: the conns it
// opens are kept when closed.
func (k *keptConnector) checks() runner.Connector { return keepingConnector{k} }

// release ends the kept conns that no round took.
func (k *keptConnector) release() {
	k.mu.Lock()
	idle := k.idle
	k.idle = map[string][]runner.Conn{}
	k.mu.Unlock()
	for _, conns := range idle {
		for _, c := range conns {
			c.Close()
		}
	}
}

// keepingConnector opens through a keptConnector's next; Close of the conns
// it returns keeps them for the round.
type keepingConnector struct{ k *keptConnector }

func (c keepingConnector) Open(ctx context.Context, ref string) (runner.Conn, error) {
	conn, err := c.k.next.Open(ctx, ref)
	if err != nil {
		return nil, err
	}
	return &keptConn{Conn: conn, keep: func() {
		c.k.mu.Lock()
		c.k.idle[ref] = append(c.k.idle[ref], conn)
		c.k.mu.Unlock()
	}}, nil
}

// keptConn is a conn whose Close keeps the plugin running for the round.
type keptConn struct {
	runner.Conn
	once sync.Once
	keep func()
}

func (c *keptConn) Close() { c.once.Do(c.keep) }

// background is work that runs while the round gets ready (the store,
// the lake's state): the sources' checks (validateSources, which starts
// their plugins) and the credential's, so that neither is waited for on
// its own.
type background struct {
	done chan struct{}
	err  error
}

// inBackground runs fn on a goroutine.
func inBackground(fn func() error) *background {
	b := &background{done: make(chan struct{})}
	go func() {
		defer close(b.done)
		b.err = fn()
	}()
	return b
}

// wait returns the work's error once it ended.
func (b *background) wait() error {
	<-b.done
	return b.err
}

// startChecks validates lp's sources through conns in the background;
// cancel is called when they fail, so that what runs meanwhile stops and
// the refusal is reported as soon as it is known.
func startChecks(ctx context.Context, stderr io.Writer, lp *loadedPipeline, conns runner.Connector, cancel context.CancelFunc) *background {
	return inBackground(func() error {
		err := validateSources(ctx, stderr, lp, conns)
		if err != nil {
			cancel()
		}
		return err
	})
}

// readyWhen is a round's runner.Options.Ready: it waits for the work in
// the background, and returns the first error of it in the order given.
func readyWhen(work ...*background) func(context.Context) error {
	return func(ctx context.Context) error {
		for _, b := range work {
			select {
			case <-b.done:
				if b.err != nil {
					return b.err
				}
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		}
		return nil
	}
}
