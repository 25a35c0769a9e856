package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/runner"
	"github.com/graphlake/graphlake/sdk/wire"
)

// TestPrintRound: etl run's line for a committed round counts its rows,
// deletes and files, idle rounds included, then names each failed stream.
func TestPrintRound(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name string
		res  runner.Result
		want string
	}{
		{"an idle round", runner.Result{Entry: &manifest.Entry{Round: 2, Unchanged: 1, StartedAt: start, CommittedAt: start.Add(1500 * time.Millisecond)}},
			"round 2 committed: 0 rows (0 deletes) in 0 files, 1.5s\n"},
		{"a round with rows and a failed stream", runner.Result{
			Entry: &manifest.Entry{Round: 3, StartedAt: start, CommittedAt: start.Add(time.Second),
				Streams: []manifest.Stream{{Source: "users", Stream: "users", Status: wire.StatusOK, Upserts: 4, Deletes: 1}},
				Files:   []manifest.File{{Path: "users/a.parquet", Rows: 5}}},
			Failed: []manifest.Stream{{Source: "mail", Stream: "u1/inbox", Status: wire.StatusFailed, Error: "Graph answered 503"}}},
			"round 3 committed: 5 rows (1 deletes) in 1 files, 1s\n  stream mail/u1/inbox failed: Graph answered 503\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			printRound(&out, &tt.res)
			if out.String() != tt.want {
				t.Errorf("printRound wrote %q, want %q", out.String(), tt.want)
			}
		})
	}
}
