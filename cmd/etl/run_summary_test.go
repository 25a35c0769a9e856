package main

import (
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/runner"
)

// TestTheRunSummaryCarriesTheRoundsWarnings: the summary of a committed
// round lists the warnings its Result kept (which bounds them) and
// counts them all.
func TestTheRunSummaryCarriesTheRoundsWarnings(t *testing.T) {
	res := &runner.Result{Entry: &manifest.Entry{}, WarningCount: 150, Warnings: []runner.Warning{
		{Source: "mail", Stream: "u/f", Summary: "Round may be cut short at Graph's cap", Detail: "unset since"},
		{Source: "mail", Stream: "u/g", Summary: "Query changed: full round"},
	}}
	s := newRunSummary("p", roundOutcome{number: 4, committed: true, result: res}, time.Now(), nil)
	if s.WarningCount != 150 || len(s.Warnings) != 2 {
		t.Fatalf("%d warnings of %d, want 2 of 150", len(s.Warnings), s.WarningCount)
	}
	if w := s.Warnings[0]; w.Source != "mail" || w.Stream != "u/f" || w.Summary != "Round may be cut short at Graph's cap" || w.Detail != "unset since" {
		t.Errorf("first warning %+v", w)
	}
	if w := s.Warnings[1]; w.Stream != "u/g" || w.Summary != "Query changed: full round" || w.Detail != "" {
		t.Errorf("second warning %+v", w)
	}
	if none := newRunSummary("p", roundOutcome{}, time.Now(), nil); none.Warnings != nil || none.WarningCount != 0 {
		t.Errorf("a round that did not commit: %+v", none)
	}
}
