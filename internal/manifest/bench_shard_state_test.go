package manifest

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/store"
)

// shardedMailLake is a mail lake of n streams that went from one chain
// to count shards: the root chain's first round (every stream, with its
// checkpoint), then each shard's first round, recording the streams it
// owns with new links and its checkpoint, as a re-shard's first rounds
// leave it. Stream ids are the mail source's, "<userId>/<folderId>", 11
// to a mailbox.
func shardedMailLake(tb testing.TB, n, count int) store.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := store.NewLocal(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	at := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	raw := make([]byte, 640)
	stream := func(i int) Stream {
		_, _ = rand.Read(raw)
		return Stream{Source: "mail", Stream: fmt.Sprintf("%08x-1111-2222-3333-444444444444/AAMkAGI2TG93AAA%064d", i/11, i), Mode: "incremental",
			Fingerprint: "0123456789abcdef0123456789abcdef", DeltaLink: SealedLinkOf(base64.StdEncoding.EncodeToString(raw)), Pages: 1, Status: "ok"}
	}
	commit := func(c Chain, round, seq int64, streams []Stream) {
		e := &Entry{Format: FormatVersion, Pipeline: "p", Round: round, Kind: KindSync, StartedAt: at, CommittedAt: at, Files: []File{}, Chain: c, Seq: seq, Streams: streams}
		st := State{}
		st.Apply(e)
		ref, err := WriteCheckpoint(ctx, s, c, "p", round, "a1", st)
		if err != nil {
			tb.Fatal(err)
		}
		e.State = ref
		if c.IsShard() {
			if err := Register(ctx, s, c); err != nil {
				tb.Fatal(err)
			}
		}
		h, err := Commit(ctx, s, e)
		if err != nil {
			tb.Fatal(err)
		}
		if err := WriteHead(ctx, s, &Committed{Entry: *e, SHA256: h}); err != nil {
			tb.Fatal(err)
		}
	}
	all := make([]Stream, n)
	for i := range all {
		all[i] = stream(i)
	}
	commit(Chain{}, 1, 0, all)
	for i := range count {
		c := Chain{Index: i, Count: count}
		var owned []Stream
		for j := range n {
			if c.Wire().OwnsStream(all[j].Stream) {
				owned = append(owned, stream(j))
			}
		}
		commit(c, int64(2+i), 1, owned)
	}
	return s
}

// BenchmarkShardReadsState compares what one shard of a sharded mail lake
// holds after reading the lake's state at start-up: every chain's state
// whole (read=every-chain, as before ShardStreams), or only what the
// shard can use (read=shard). held-MB is the live heap the state holds
// (after a collection), streams-held how many stream states it holds.
// Streams: GRAPHLAKE_BENCH_STREAMS (default 100000), shards:
// GRAPHLAKE_BENCH_SHARDS (default 8); shard 1 reads.
//
//	go test ./internal/manifest -run '^$' -bench BenchmarkShardReadsState -benchtime 3x -count 3
func BenchmarkShardReadsState(b *testing.B) {
	n, count := 100_000, 8
	if v, err := strconv.Atoi(os.Getenv("GRAPHLAKE_BENCH_STREAMS")); err == nil && v > 0 {
		n = v
	}
	if v, err := strconv.Atoi(os.Getenv("GRAPHLAKE_BENCH_SHARDS")); err == nil && v > 1 {
		count = v
	}
	s := shardedMailLake(b, n, count)
	ctx := context.Background()
	shard := Chain{Index: 1, Count: count}
	for _, read := range []struct {
		name string
		fn   func(*Lake) (*Streams, error)
	}{
		{"every-chain", func(l *Lake) (*Streams, error) { return l.Streams(ctx, s, shard) }},
		{"shard", func(l *Lake) (*Streams, error) { return l.ShardStreams(ctx, s, shard) }},
	} {
		b.Run("read="+read.name, func(b *testing.B) {
			var held float64
			var streams int
			for b.Loop() {
				l, err := LoadLakeForState(ctx, s)
				if err != nil {
					b.Fatal(err)
				}
				var before runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				st, err := read.fn(l)
				if err != nil {
					b.Fatal(err)
				}
				var after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&after)
				held = float64(after.HeapAlloc-before.HeapAlloc) / 1e6
				streams = st.Len()
				runtime.KeepAlive(st)
			}
			b.ReportMetric(held, "held-MB")
			b.ReportMetric(float64(streams), "streams-held")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "us/stream")
		})
	}
}
