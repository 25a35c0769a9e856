package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
)

// stopped says how a stop ended the run, on stderr and, when stderr is
// not a terminal, in the structured log, and returns the run's exit: the
// round's own when it committed or failed by itself, exitStopped when it
// was abandoned or never began.
func stopped(stderr io.Writer, logFormat string, round roundOutcome, abandoned string, err error) error {
	var log *slog.Logger
	if !isTerminal(stderr) {
		log = newLogger(stderr, logFormat)
	}
	switch {
	case round.committed:
		msg := fmt.Sprintf("stopped: round %d committed", round.number)
		fmt.Fprintln(stderr, msg)
		if log != nil {
			log.Info(msg, "round", round.number, "outcome", "committed")
		}
		return err
	case abandoned == "":
		return err // the round failed by itself; its error says how
	}
	msg := "stopped before a round began; nothing committed"
	if round.number > 0 {
		msg = fmt.Sprintf("stopped: round %d abandoned %s, nothing committed; the next run starts from %s",
			round.number, abandoned, startingPoint(round.number-1))
	}
	if log != nil {
		attrs := []any{"round", round.number, "outcome", "abandoned", "reason", abandoned}
		if err != nil {
			attrs = append(attrs, "error", err.Error())
		}
		log.Warn(msg, attrs...)
	}
	return withCode(exitStopped, errors.New(msg))
}

// startingPoint names where the run after an abandoned round starts.
func startingPoint(lastCommitted int64) string {
	if lastCommitted == 0 {
		return "scratch (no round was committed yet)"
	}
	return fmt.Sprintf("round %d's deltaLinks", lastCommitted)
}
