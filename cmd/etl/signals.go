package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// defaultStopTimeout leaves a round 25s to finish after SIGTERM: inside
// Kubernetes' default terminationGracePeriodSeconds (30s), with time to
// clean up before the SIGKILL.
const defaultStopTimeout = 25 * time.Second

// roundStop bounds a round once a stop is asked for. The first SIGINT or
// SIGTERM (parent's cancellation) gives the round in flight timeout to
// finish and commit; then, or at a second signal, its context is cancelled
// and the round is abandoned, committing nothing.
type roundStop struct {
	// ctx is the round's context.
	ctx     context.Context
	cancel  context.CancelFunc
	timeout time.Duration
	stderr  io.Writer
	signals chan os.Signal
	done    chan struct{}

	mu        sync.Mutex
	asked     bool   // a stop was asked for
	abandoned string // why the round was abandoned ("after 25s"); "" if it was not
}

// watchStop returns the stop of one round; call finish when it ends.
func watchStop(parent context.Context, stderr io.Writer, timeout time.Duration) *roundStop {
	s := &roundStop{timeout: timeout, stderr: stderr, done: make(chan struct{}),
		// Registered now, so the first signal lands here too and the second
		// cannot slip by: two receipts mean a second signal.
		signals: make(chan os.Signal, 2)}
	s.ctx, s.cancel = context.WithCancel(context.WithoutCancel(parent))
	signal.Notify(s.signals, os.Interrupt, syscall.SIGTERM)
	go s.watch(parent)
	return s
}

func (s *roundStop) watch(parent context.Context) {
	select {
	case <-parent.Done():
	case <-s.done:
		return
	}
	s.mu.Lock()
	s.asked = true
	s.mu.Unlock()
	fmt.Fprintf(s.stderr, "\nstopping: the round in flight has %s to finish and commit; interrupt again to abandon it now\n", s.timeout)
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	for received := 0; ; {
		select {
		case <-s.signals:
			if received++; received < 2 {
				continue
			}
			s.abandon("on a second signal")
		case <-timer.C:
			s.abandon("after " + s.timeout.String())
		case <-s.done:
		}
		return
	}
}

func (s *roundStop) abandon(why string) {
	s.mu.Lock()
	s.abandoned = why
	s.mu.Unlock()
	fmt.Fprintf(s.stderr, "abandoning the round %s\n", why)
	s.cancel()
}

// finish ends the watch; it returns whether a stop was asked for and, if
// the round was abandoned, why.
func (s *roundStop) finish() (asked bool, abandoned string) {
	close(s.done)
	signal.Stop(s.signals)
	s.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.asked, s.abandoned
}
