package main

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/runner"
)

// TestTheRunSummaryCarriesTheRoundsWarnings: the summary of a committed
// round lists the warnings its Result kept, counts them all, and cuts a
// plugin's long text (untrusted) at summaryTextBytes, at a rune's start.
func TestTheRunSummaryCarriesTheRoundsWarnings(t *testing.T) {
	long := strings.Repeat("é", summaryTextBytes) // two bytes a rune
	res := &runner.Result{Entry: &manifest.Entry{}, WarningCount: 150, Warnings: []runner.Warning{
		{Source: "mail", Stream: "u/f", Summary: "Round may be cut short at Graph's cap", Detail: "unset since"},
		{Source: "mail", Stream: "u/g", Summary: long, Detail: long},
	}}
	s := newRunSummary("p", roundOutcome{number: 4, committed: true, result: res}, time.Now(), nil)
	if s.WarningCount != 150 || len(s.Warnings) != 2 {
		t.Fatalf("%d warnings of %d, want 2 of 150", len(s.Warnings), s.WarningCount)
	}
	if w := s.Warnings[0]; w.Source != "mail" || w.Stream != "u/f" || w.Summary != "Round may be cut short at Graph's cap" || w.Detail != "unset since" {
		t.Errorf("first warning %+v", w)
	}
	for _, text := range []string{s.Warnings[1].Summary, s.Warnings[1].Detail} {
		if len(text) > summaryTextBytes || !utf8.ValidString(text) || !strings.HasSuffix(text, "…") {
			t.Errorf("a long text became %d bytes (valid UTF-8: %v), want at most %d, cut with …", len(text), utf8.ValidString(text), summaryTextBytes)
		}
	}
	if none := newRunSummary("p", roundOutcome{}, time.Now(), nil); none.Warnings != nil || none.WarningCount != 0 {
		t.Errorf("a round that did not commit: %+v", none)
	}
}
