package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/graphlake/graphlake/sdk/wire"
)

// runSummary is what `etl run --summary FILE` writes after each round:
// the round's outcome as JSON, for schedulers (Airflow, Argo) that branch
// on more than the exit code. It holds no secret, token or deltaLink.
type runSummary struct {
	// Pipeline is the pipeline's name.
	Pipeline string `json:"pipeline"`
	// Round is the round's number; 0 when no round began.
	Round int64 `json:"round"`
	// Outcome is "committed", "partial" (committed, some streams failed),
	// "failed", "config", "conflict" (another run committed the round) or
	// "stopped" (by a signal, nothing committed).
	Outcome string `json:"outcome"`
	// ExitCode is etl's exit code for the round.
	ExitCode int `json:"exit_code"`
	// StartedAt and FinishedAt bound the run of the round.
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// DurationSeconds is FinishedAt − StartedAt.
	DurationSeconds float64 `json:"duration_seconds"`
	// Rows and Files are what the round committed.
	Rows  int64 `json:"rows"`
	Files int   `json:"files"`
	// Streams counts the committed round's streams by what became of them.
	Streams summaryStreams `json:"streams"`
	// Failed lists the streams that failed while the others committed.
	Failed []summaryFailed `json:"failed_streams,omitempty"`
	// Warnings are the plugins' first warnings of the committed round
	// (at most 100, each text cut at 1 KB: see runner.Result), and WarningCount
	// counts them all: a scheduler can alert on one ("Round may be cut
	// short at Graph's cap") without reading the logs.
	Warnings     []summaryWarning `json:"warnings,omitempty"`
	WarningCount int              `json:"warning_count"`
	// Error is the round's error, as etl printed it; empty when it
	// committed whole.
	Error string `json:"error,omitempty"`
}

// summaryStreams counts streams: those whose state changed, those that
// found nothing new and kept their deltaLink, and the failed ones.
type summaryStreams struct {
	Changed   int   `json:"changed"`
	Unchanged int64 `json:"unchanged"`
	Failed    int   `json:"failed"`
}

// summaryFailed is one failed stream.
type summaryFailed struct {
	Source string `json:"source"`
	Stream string `json:"stream"`
	Error  string `json:"error"`
}

// summaryWarning is one warning of a plugin about a stream.
type summaryWarning struct {
	Source  string `json:"source"`
	Stream  string `json:"stream"`
	Summary string `json:"summary"`
	Detail  string `json:"detail,omitempty"`
}

// outcomeFailed is the outcome of a round that committed nothing: a
// round's outcome, which happens to share its word with a stream status.
const outcomeFailed = "failed"

// outcomes names the exit codes.
var outcomes = map[int]string{exitOK: "committed", exitPartial: "partial", exitFailure: outcomeFailed,
	exitConfig: "config", exitConflict: "conflict", exitStopped: "stopped"}

// newRunSummary describes a round that ran from started until now and ended
// with err (nil: committed whole).
func newRunSummary(pipeline string, round roundOutcome, started time.Time, err error) runSummary {
	code := exitCodeOf(err)
	s := runSummary{Pipeline: pipeline, Round: round.number, Outcome: outcomes[code], ExitCode: code,
		StartedAt: started.UTC(), FinishedAt: time.Now().UTC()}
	s.DurationSeconds = s.FinishedAt.Sub(s.StartedAt).Seconds()
	if err != nil {
		s.Error = err.Error()
	}
	if res := round.result; res != nil && res.Entry != nil {
		s.Rows, s.Files = res.Entry.Rows(), len(res.Entry.Files)
		s.Streams.Unchanged = res.Entry.Unchanged
		s.WarningCount = res.WarningCount
		for _, w := range res.Warnings {
			s.Warnings = append(s.Warnings, summaryWarning{Source: w.Source, Stream: w.Stream, Summary: w.Summary, Detail: w.Detail})
		}
		for _, st := range res.Entry.Streams {
			if st.Status == wire.StatusFailed {
				s.Streams.Failed++
				s.Failed = append(s.Failed, summaryFailed{Source: st.Source, Stream: st.Stream, Error: st.Error})
			} else {
				s.Streams.Changed++
			}
		}
	}
	return s
}

// exitCodeOf is the exit code etl gives err.
func exitCodeOf(err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	}
	return exitFailure
}

// writeRunSummary replaces path with s, through a temporary file in the
// same folder so that a reader never sees half of it.
func writeRunSummary(path string, s runSummary) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode the round summary: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".summary-*")
	if err != nil {
		return fmt.Errorf("write the round summary %s: %w (check --summary's folder)", path, err)
	}
	_, werr := tmp.Write(append(data, '\n'))
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write the round summary %s: %w", path, werr)
	}
	return nil
}
