package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// TestRunSummaryTellsTheOutcome: `etl run --summary FILE` writes the
// round's outcome as JSON after the round, whatever it was: a committed
// round with its rows and streams, and a refused configuration with its
// exit code and error.
func TestRunSummaryTellsTheOutcome(t *testing.T) {
	tests := []struct {
		name     string
		sources  string
		code     int
		outcome  string
		rows     bool
		hasError bool
	}{
		{"a committed round", `  source "users" {}`, exitOK, "committed", true, false},
		{"a source block the plugin refuses", `  source "mail" {
    page_size = 5000
  }`, exitConfig, "config", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, graphtest.Options{Seed: 5, Users: 30, Mailboxes: 1, FoldersPerMailbox: 1, MessagesPerFolder: 1}, tt.sources)
			path := filepath.Join(h.dir, "summary.json")
			res := h.etl("run", h.pipeline, "--summary", path)
			if res.code != tt.code {
				t.Fatalf("exit %d, want %d: %s", res.code, tt.code, res.stderr)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var s runSummary
			if err := json.Unmarshal(data, &s); err != nil {
				t.Fatalf("summary %s: %v", data, err)
			}
			if s.Pipeline != "e2e" || s.Outcome != tt.outcome || s.ExitCode != tt.code || (s.Rows > 0) != tt.rows || (s.Error != "") != tt.hasError {
				t.Errorf("summary %s: want outcome %s, exit %d, rows %v, error %v", data, tt.outcome, tt.code, tt.rows, tt.hasError)
			}
			if tt.rows && (s.Round != 1 || s.Streams.Changed == 0 || s.Files == 0 || s.DurationSeconds <= 0) {
				t.Errorf("summary %s: want round 1 with its streams, files and duration", data)
			}
		})
	}
}
