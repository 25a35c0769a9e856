package main

import (
	"errors"
	"fmt"
	"io"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitConfig  = 2
	exitPartial = 3
	// exitConflict: another run of the pipeline committed the round first;
	// this run changed nothing.
	exitConflict = 4
	// exitStopped: a signal stopped the run before its round committed
	// (abandoned after --stop-timeout, or before it began); nothing was
	// committed and the next run redoes the round.
	exitStopped = 5
)

// exitError carries an exit code; a nil err means the message was already
// printed.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// withCode wraps err with an exit code.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// reportError prints err and returns its exit code; usage errors from the
// flag parser are configuration errors (2).
func reportError(w io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(w, "etl:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(w, "etl:", err)
	if isUsageError(err) {
		return exitConfig
	}
	return exitFailure
}
