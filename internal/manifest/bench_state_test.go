package manifest

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/store"
)

// mailLikeLake is a lake as a mail pipeline's first round leaves it: one
// entry of n new streams with mail-like ids, fingerprints and sealed
// deltaLinks of Outlook's length, and the state checkpoint of that round.
func mailLikeLake(tb testing.TB, n int) store.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := store.NewLocal(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	at := time.Date(2026, 12, 5, 12, 0, 0, 123456789, time.UTC)
	e := &Entry{Format: FormatVersion, Pipeline: "p", Round: 1, Kind: KindSync, StartedAt: at, CommittedAt: at, Files: []File{}}
	st := State{}
	raw := make([]byte, 640)
	for i := range n {
		_, _ = rand.Read(raw)
		link := base64.StdEncoding.EncodeToString(raw)
		id := fmt.Sprintf("messages/%08x-1111-2222-3333-444444444444/AAMkAGI2TG93AAA%064d", i/11, i)
		e.Streams = append(e.Streams, Stream{Source: "mail", Stream: id, Mode: "initial", Fingerprint: "0123456789abcdef0123456789abcdef",
			EndLinkSHA256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", DeltaLink: SealedLinkOf(link), Pages: 1, Status: "ok"})
		st.Apply(&Entry{Round: 1, CommittedAt: at, Streams: e.Streams[i:]})
	}
	ref, err := WriteCheckpoint(ctx, s, Chain{}, "p", 1, "run", st)
	if err != nil {
		tb.Fatal(err)
	}
	e.State = ref
	if _, err := Commit(ctx, s, e); err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkReadState times what a round's start-up reads of a mail
// lake's state right after its checkpoint: the head (its streams checked
// and dropped) and the checkpoint. Streams: GRAPHLAKE_BENCH_STREAMS
// (default 11000, a 1,000-mailbox mail pipeline).
//
//	go test ./internal/manifest -run '^$' -bench BenchmarkReadState -count 3
func BenchmarkReadState(b *testing.B) {
	n := 11_000
	if v, err := strconv.Atoi(os.Getenv("GRAPHLAKE_BENCH_STREAMS")); err == nil && v > 0 {
		n = v
	}
	s := mailLikeLake(b, n)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		l, err := LoadLakeForState(ctx, s)
		if err != nil {
			b.Fatal(err)
		}
		st, err := l.Streams(ctx, s, Chain{})
		if err != nil || st.Len() != n {
			b.Fatalf("read %d streams (%v), want %d", st.Len(), err, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "us/stream")
}
