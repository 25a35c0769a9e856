package main

import (
	"fmt"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// BenchmarkMailFirstRoundMemory measures what host and plugin hold in a
// mail pipeline's first round, the round that records every stream
// (GRAPHLAKE_BENCH_MAILBOXES mailboxes × 10 folders, default 9091:
// 100,001 streams; one message a folder, so that the streams, not the
// rows, are the round's size). Each run syncs a fresh lake. With
// GRAPHLAKE_BENCH_BASELINE set to another etl binary, its round runs
// first, on a lake of its own.
//
//	GRAPHLAKE_BENCH_BASELINE=/tmp/etl-main go test ./cmd/etl -run '^$' \
//	  -bench BenchmarkMailFirstRoundMemory -benchtime 1x -timeout 60m
func BenchmarkMailFirstRoundMemory(b *testing.B) {
	srv := mailStreamsServer(b, benchSetting("GRAPHLAKE_BENCH_MAILBOXES", 9091, 1), 10)
	for _, bin := range benchBinaries() {
		b.Run(fmt.Sprintf("etl=%s", bin.name), func(b *testing.B) {
			for b.Loop() {
				fig := firstMailRound(b, srv, bin.path)
				b.ReportMetric(float64(fig.hostPeakKB)/1024, "host-peak-MB")
				b.ReportMetric(float64(fig.pluginPeakKB)/1024, "plugin-peak-MB")
				b.ReportMetric(fig.wall.Seconds(), "round-s")
				b.ReportMetric(fig.hostCPU.Seconds(), "host-cpu-s")
				b.ReportMetric(fig.pluginCPU.Seconds(), "plugin-cpu-s")
			}
		})
	}
}

// firstMailRound syncs srv's mailboxes into a fresh lake with the etl
// binary at bin, and measures the round.
func firstMailRound(tb testing.TB, srv *graphtest.Server, bin string) roundFigures {
	dir, pipeline, env := mailBenchPipeline(tb, srv)
	return measureRoundWith(tb, bin, dir, pipeline, env)
}

// TestMailFirstRoundMemoryBenchShort is BenchmarkMailFirstRoundMemory's
// short form, part of the suite: 40 mailboxes' first round through the
// real binaries, its peaks read.
func TestMailFirstRoundMemoryBenchShort(t *testing.T) {
	if fig := firstMailRound(t, mailStreamsServer(t, 40, 10), testBinaries.etl); fig.hostPeakKB == 0 || fig.pluginPeakKB == 0 {
		t.Errorf("peaks read: host %d KB, plugin %d KB; want both", fig.hostPeakKB, fig.pluginPeakKB)
	}
}
