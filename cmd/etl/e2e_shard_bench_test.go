package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// BenchmarkMailRoundShards measures a mail round's wall time on 1, 2 and 4
// shards, every shard its own etl process (and plugin process) started at
// once, against one emulator that enforces Outlook's 4 concurrent requests
// per mailbox and answers every Graph request after GRAPHLAKE_BENCH_LATENCY
// (default 50ms, Graph's order of magnitude; loopback has none). Tenant:
// GRAPHLAKE_BENCH_MAILBOXES mailboxes (default 400) × 8 folders × 10
// messages; an initial round, then 1% churn and an incremental round, per
// shard count, each into a fresh lake.
//
//	go test ./cmd/etl -run '^$' -bench BenchmarkMailRoundShards -benchtime 1x -timeout 30m
func BenchmarkMailRoundShards(b *testing.B) {
	size := mailBenchSize{mailboxes: 400, folders: 8, messages: 10}
	size.mailboxes = benchSetting("GRAPHLAKE_BENCH_MAILBOXES", size.mailboxes, 1)
	latency := 50 * time.Millisecond
	if v, err := time.ParseDuration(os.Getenv("GRAPHLAKE_BENCH_LATENCY")); err == nil {
		latency = v
	}
	for _, shards := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("shards=%d", shards), func(b *testing.B) {
			srv, err := graphtest.NewServer(graphtest.Options{Seed: 31, Users: size.mailboxes, Mailboxes: size.mailboxes,
				FoldersPerMailbox: size.folders, MessagesPerFolder: size.messages})
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			if latency > 0 {
				if err := srv.SetFaults(graphtest.FaultConfig{Seed: 1, Rules: []graphtest.FaultRule{
					{Kind: "slow", Match: "/v1.0/", Delay: graphtest.FaultDuration(latency)}}}); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				initial, incremental := runShardBench(b, srv, size, shards)
				b.ReportMetric(initial.Seconds(), "initial-s")
				b.ReportMetric(incremental.Seconds(), "incr-s")
			}
		})
	}
}

// runShardBench runs an initial round on every shard at once into a fresh
// lake, churns 1% of the messages, and runs an incremental round.
func runShardBench(tb testing.TB, srv *graphtest.Server, size mailBenchSize, shards int) (initial, incremental time.Duration) {
	dir, pipeline, env := mailBenchPipeline(tb, srv)
	initial = shardRound(tb, dir, pipeline, env, shards)
	churnMailBench(tb, srv, size)
	incremental = shardRound(tb, dir, pipeline, env, shards)
	return initial, incremental
}

// shardRound starts `etl run --shard i/n` for every shard at once and
// returns the time until the last one exits.
func shardRound(tb testing.TB, dir, pipeline string, env []string, shards int) time.Duration {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	start := time.Now()
	errs := make([]error, shards)
	outs := make([]bytes.Buffer, shards)
	var wg sync.WaitGroup
	for i := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.CommandContext(ctx, testBinaries.etl, "run", pipeline, "--shard", fmt.Sprintf("%d/%d", i, shards))
			cmd.Env, cmd.Dir = append(os.Environ(), env...), dir
			cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
			errs[i] = cmd.Run()
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	for i, err := range errs {
		if err != nil {
			tb.Fatalf("etl run --shard %d/%d: %v\n%s", i, shards, err, outs[i].String())
		}
	}
	return wall
}

// TestMailRoundShardsBenchShort is BenchmarkMailRoundShards' short form,
// part of the suite: two shards at once, an initial and an incremental
// round, every shard exiting 0.
func TestMailRoundShardsBenchShort(t *testing.T) {
	size := mailBenchSize{mailboxes: 12, folders: 3, messages: 5}
	srv := graphtest.Start(t, graphtest.Options{Seed: 31, Users: size.mailboxes, Mailboxes: size.mailboxes,
		FoldersPerMailbox: size.folders, MessagesPerFolder: size.messages})
	initial, incremental := runShardBench(t, srv, size, 2)
	if initial <= 0 || incremental <= 0 {
		t.Errorf("wall times %v, %v: want both measured", initial, incremental)
	}
	t.Logf("2 shards: initial %v, incremental %v", initial, incremental)
}
