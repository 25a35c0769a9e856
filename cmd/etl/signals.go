package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// finishOnSignal returns a context for one round that outlives the first
// interrupt (the round finishes, then etl stops) and is cancelled by a
// second one (the round is abandoned, nothing committed).
func finishOnSignal(parent context.Context, stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	done := make(chan struct{})
	go func() {
		select {
		case <-parent.Done():
		case <-done:
			return
		}
		fmt.Fprintln(stderr, "\ninterrupted: finishing the round in flight; interrupt again to abandon it (nothing will be committed)")
		second := make(chan os.Signal, 1)
		signal.Notify(second, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(second)
		select {
		case <-second:
			fmt.Fprintln(stderr, "abandoning the round")
			cancel()
		case <-done:
		}
	}()
	return ctx, func() { close(done); cancel() }
}
