package main

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// shardRoundFigures runs `etl run --shard i/count` for every shard at
// once with bin, each measured as measureRoundWith measures a round, and
// returns their figures by shard.
func shardRoundFigures(tb testing.TB, bin, dir string, env []string, count int) []roundFigures {
	tb.Helper()
	figs := make([]roundFigures, count)
	errs := make([]error, count)
	var wg sync.WaitGroup
	for i := range count {
		wg.Add(1)
		go func() {
			defer wg.Done()
			figs[i], errs[i] = runMeasured(bin, dir, filepath.Join(dir, "defaults.hcl"), env, "--shard", fmt.Sprintf("%d/%d", i, count))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			tb.Fatalf("shard %d/%d: %v", i, count, err)
		}
	}
	return figs
}

// BenchmarkMailShardMemory measures what one shard's processes hold when a
// large mail pipeline is split into shards: the lake's first round runs
// unsharded (the root chain; GRAPHLAKE_BENCH_MAILBOXES mailboxes × 10
// folders, default 9091: 100,001 streams), then two incremental rounds in
// which nothing changed run on GRAPHLAKE_BENCH_SHARDS shards at once
// (default 4): round=reshard, the shards' first, reads the root chain;
// round=next reads it and every shard's chain. host-peak-MB is the
// largest host peak (VmHWM) of the shards other than 0 in the round,
// shard0-host-peak-MB shard 0's (which also compacts the lake when a
// snapshot is due, and syncs the tenant-wide sources), plugin-peak-MB
// the largest plugin's, round-s the time until the last shard exits. The
// shards share the machine's cores, so only the memory figures say what
// one shard would take on a machine of its own. With
// GRAPHLAKE_BENCH_BASELINE set to another etl binary, the same rounds run
// on it first, on its own copy of the lake.
//
//	GRAPHLAKE_BENCH_BASELINE=/tmp/etl-main go test ./cmd/etl -run '^$' \
//	  -bench BenchmarkMailShardMemory -benchtime 1x -timeout 60m
func BenchmarkMailShardMemory(b *testing.B) {
	shards := benchSetting("GRAPHLAKE_BENCH_SHARDS", 4, 2)
	srv := mailStreamsServer(b, benchSetting("GRAPHLAKE_BENCH_MAILBOXES", 9091, 1), 10)
	lake := setUpMailIncremental(b, srv)
	for _, bin := range benchBinaries() {
		dir := copyLake(b, lake)
		for _, round := range []string{"reshard", "next"} {
			b.Run(fmt.Sprintf("etl=%s/round=%s", bin.name, round), func(b *testing.B) {
				for b.Loop() {
					var host, plugin int64
					var wall float64
					figs := shardRoundFigures(b, bin.path, dir, lake.env, shards)
					for i, f := range figs {
						if i > 0 {
							host = max(host, f.hostPeakKB)
						}
						plugin, wall = max(plugin, f.pluginPeakKB), max(wall, f.wall.Seconds())
					}
					b.ReportMetric(float64(host)/1024, "host-peak-MB")
					b.ReportMetric(float64(figs[0].hostPeakKB)/1024, "shard0-host-peak-MB")
					b.ReportMetric(float64(plugin)/1024, "plugin-peak-MB")
					b.ReportMetric(wall, "round-s")
				}
			})
		}
	}
}

// TestMailShardMemoryBenchShort is BenchmarkMailShardMemory's short form,
// part of the suite: a lake of 60 mailboxes first synced unsharded, then
// two rounds on 3 shards at once through the real binaries, every shard
// exiting 0 (a mail plugin reporting a stream its shard does not own
// would fail the source: exit 3).
func TestMailShardMemoryBenchShort(t *testing.T) {
	lake := setUpMailIncremental(t, mailStreamsServer(t, 60, 2))
	for range 2 {
		for i, f := range shardRoundFigures(t, testBinaries.etl, lake.dir, lake.env, 3) {
			if f.hostPeakKB == 0 {
				t.Errorf("shard %d/3: no peak memory read", i)
			}
		}
	}
}
