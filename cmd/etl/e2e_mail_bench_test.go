package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// mailBenchSize is a tenant for the mail benchmark.
type mailBenchSize struct{ mailboxes, folders, messages int }

// BenchmarkMailRound syncs a tenant of GRAPHLAKE_BENCH_MAILBOXES mailboxes
// (default 1000) × 10 folders × 100 messages through the real etl binary
// and plugin process against the emulator on loopback HTTPS: an initial
// round, then 1% of the messages churned and an incremental round. Run it
// once:
//
//	go test ./cmd/etl -run '^$' -bench BenchmarkMailRound -benchtime 1x -timeout 30m
func BenchmarkMailRound(b *testing.B) {
	size := mailBenchSize{mailboxes: 1000, folders: 10, messages: 100}
	size.mailboxes = benchSetting("GRAPHLAKE_BENCH_MAILBOXES", size.mailboxes, 1)
	srv, err := graphtest.NewServer(graphtest.Options{Seed: 31, Users: size.mailboxes, Mailboxes: size.mailboxes,
		FoldersPerMailbox: size.folders, MessagesPerFolder: size.messages})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	for b.Loop() {
		initial, incremental := runMailBench(b, srv, size)
		streams := float64(size.mailboxes * (size.folders + 1))
		b.ReportMetric(initial.wall.Seconds(), "initial-s")
		b.ReportMetric(float64(initial.rows)/initial.wall.Seconds(), "initial-msgs/s")
		b.ReportMetric(streams/initial.wall.Seconds(), "initial-streams/s")
		b.ReportMetric(float64(initial.hostPeakKB)/1024, "initial-host-MB")
		b.ReportMetric(float64(initial.pluginPeakKB)/1024, "initial-plugin-MB")
		b.ReportMetric(incremental.wall.Seconds(), "incr-s")
		b.ReportMetric(float64(incremental.rows)/incremental.wall.Seconds(), "incr-rows/s")
		b.ReportMetric(streams/incremental.wall.Seconds(), "incr-streams/s")
		b.ReportMetric(float64(incremental.hostPeakKB)/1024, "incr-host-MB")
		b.ReportMetric(float64(incremental.pluginPeakKB)/1024, "incr-plugin-MB")
	}
}

// TestMailBenchShort is the benchmark's short form, part of the suite.
func TestMailBenchShort(t *testing.T) {
	size := mailBenchSize{mailboxes: 20, folders: 5, messages: 20}
	srv := graphtest.Start(t, graphtest.Options{Seed: 31, Users: size.mailboxes, Mailboxes: size.mailboxes,
		FoldersPerMailbox: size.folders, MessagesPerFolder: size.messages})
	initial, incremental := runMailBench(t, srv, size)
	if want := int64(size.mailboxes * size.folders * (size.messages + 1)); initial.rows != want {
		t.Errorf("initial round wrote %d rows, want %d (folders and messages)", initial.rows, want)
	}
	if incremental.rows == 0 || initial.pluginPeakKB == 0 || initial.hostPeakKB == 0 {
		t.Errorf("figures %+v, %+v: want rows and memory peaks measured", initial, incremental)
	}
	t.Logf("initial %+v, incremental %+v", initial, incremental)
}

// mailBenchPipeline writes a mail pipeline against srv into a fresh
// folder, with no tenant rate cap, and returns the folder, the pipeline
// file and the environment etl needs.
func mailBenchPipeline(tb testing.TB, srv *graphtest.Server) (dir, pipeline string, env []string) {
	dir = tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), srv.CACertPEM(), 0o600); err != nil {
		tb.Fatal(err)
	}
	pipeline = filepath.Join(dir, "pipeline.hcl")
	text := pipelineHCL(srv, "bench", `destination "local" { path = "lake" }`, `  source "mail" {
    max_requests_per_second = -1
  }`)
	if err := os.WriteFile(pipeline, []byte(text), 0o600); err != nil {
		tb.Fatal(err)
	}
	return dir, pipeline, []string{"GRAPH_CLIENT_SECRET=" + srv.ClientSecret(), "GRAPHLAKE_STATE_KEY=" + testStateKey}
}

// churnMailBench changes 1% of the benchmark's messages.
func churnMailBench(tb testing.TB, srv *graphtest.Server, size mailBenchSize) {
	n := size.mailboxes * size.folders * size.messages / 100
	if _, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "messages", Creates: n / 4, Updates: n / 2, Deletes: n / 8, Moves: n / 8, Seed: 9}); err != nil {
		tb.Fatal(err)
	}
}

// runMailBench runs an initial round into a fresh lake, churns 1% of the
// messages, and runs an incremental round.
func runMailBench(tb testing.TB, srv *graphtest.Server, size mailBenchSize) (initial, incremental roundFigures) {
	dir, pipeline, env := mailBenchPipeline(tb, srv)
	initial = measureRound(tb, dir, pipeline, env)
	churnMailBench(tb, srv, size)
	incremental = measureRound(tb, dir, pipeline, env)
	return initial, incremental
}
