package s3store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/internal/s3test"
)

// The round benchmark writes a round of Parquet through the host's writer
// into the S3 store and commits it, as etl run does after the plugins
// are done:
//
//	GRAPHLAKE_BENCH_PARQUET_MB=1024 go test -run '^$' -bench BenchmarkRoundToS3 -benchtime 1x ./internal/s3store
//
// It reports the Parquet MB/s and the process's peak RSS (VmHWM). Rows are
// random, so Parquet's compression cannot shrink the work.

var benchSchema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "displayName", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "mail", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "jobTitle", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "department", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "createdDateTime", Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, Nullable: true},
	{Name: "accountEnabled", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
}, nil)

const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randomText(r *rand.Rand, buf []byte, n int) string {
	buf = buf[:n]
	for i := range buf {
		buf[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(buf)
}

// randomRecord builds rows random users.
func randomRecord(r *rand.Rand, rows int) arrow.RecordBatch {
	b := array.NewRecordBuilder(memory.DefaultAllocator, benchSchema)
	defer b.Release()
	buf := make([]byte, 64)
	for i := 0; i < rows; i++ {
		b.Field(0).(*array.StringBuilder).Append(randomText(r, buf, 36))
		b.Field(1).(*array.StringBuilder).Append(randomText(r, buf, 20))
		b.Field(2).(*array.StringBuilder).Append(randomText(r, buf, 30))
		b.Field(3).(*array.StringBuilder).Append(randomText(r, buf, 12))
		b.Field(4).(*array.StringBuilder).Append(randomText(r, buf, 10))
		b.Field(5).(*array.TimestampBuilder).Append(arrow.Timestamp(r.Int64N(1 << 41)))
		b.Field(6).(*array.BooleanBuilder).Append(r.IntN(2) == 0)
	}
	return b.NewRecordBatch()
}

// pool is random users, built once: rows repeat only every 262,144 rows,
// far beyond what Parquet's dictionaries and pages can exploit.
var pool = sync.OnceValue(func() []arrow.RecordBatch {
	r := rand.New(rand.NewPCG(1, 7))
	out := make([]arrow.RecordBatch, 16)
	for i := range out {
		out[i] = randomRecord(r, 16384)
	}
	return out
})

// writeRound writes at least target bytes of Parquet into s and commits
// the round; it returns the Parquet bytes written.
func writeRound(ctx context.Context, tb testing.TB, s *Store, round, target int64) int64 {
	tb.Helper()
	w := parquetout.New(parquetout.Options{Store: s, Round: round, RunID: fmt.Sprintf("bench%d", round), Date: time.Now()})
	var written int64
	records := pool()
	for batch := 0; written < target; batch++ {
		if err := w.Write(ctx, "users", records[batch%len(records)]); err != nil {
			tb.Fatal(err)
		}
		// about 110 bytes of Parquet a row: check the goal now and then
		if batch%8 == 7 {
			written = int64(batch+1) * 16384 * 110
		}
	}
	files, err := w.Close(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	entry := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "bench", Round: round, Kind: manifest.KindSync, RunID: "bench"}
	var total int64
	for _, f := range files {
		total += f.Bytes
		entry.Files = append(entry.Files, manifest.File{Table: f.Table, Path: f.Path, Rows: f.Rows, Bytes: f.Bytes, SHA256: f.SHA256})
	}
	if _, err := manifest.Commit(ctx, s, entry); err != nil {
		tb.Fatal(err)
	}
	return total
}

func peakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// benchBytes is GRAPHLAKE_BENCH_PARQUET_MB in bytes, default 256 MiB.
func benchBytes() int64 {
	if v, err := strconv.ParseInt(os.Getenv("GRAPHLAKE_BENCH_PARQUET_MB"), 10, 64); err == nil && v > 0 {
		return v << 20
	}
	return 256 << 20
}

func BenchmarkRoundToS3(b *testing.B) {
	target := benchBytes()
	srv := s3test.Start(b)
	s := newStore(b, srv, srv.Bucket(b, "bench"), "lake")
	ctx := context.Background()
	var total int64
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		total += writeRound(ctx, b, s, int64(i+1), target)
		elapsed += time.Since(start)
	}
	b.ReportMetric(float64(total)/(1<<20)/elapsed.Seconds(), "parquet-MB/s")
	b.ReportMetric(float64(total)/(1<<20)/float64(b.N), "parquet-MB/round")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
}

// TestRoundToS3Short is the benchmark's short form: a round of 24 MB of
// Parquet lands, files and entry readable.
func TestRoundToS3Short(t *testing.T) {
	srv := s3test.Start(t)
	s := newStore(t, srv, srv.Bucket(t, "bench"), "lake")
	ctx := context.Background()
	total := writeRound(ctx, t, s, 1, 24<<20)
	e, err := manifest.Read(ctx, s, 1)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, f := range e.Files {
		info, err := s.Stat(ctx, f.Path)
		if err != nil || info.Size != f.Bytes {
			t.Fatalf("%s: %+v, %v; want %d bytes", f.Path, info, err, f.Bytes)
		}
		sum += f.Bytes
	}
	if sum != total || total < 20<<20 {
		t.Errorf("round wrote %d bytes of Parquet, the entry names %d", total, sum)
	}
}

// BenchmarkUploadToS3 streams one object of GRAPHLAKE_BENCH_PARQUET_MB
// (default 256) random bytes through Create, the upload path alone:
//
//	GRAPHLAKE_BENCH_PARQUET_MB=1024 go test -run '^$' -bench BenchmarkUploadToS3 -benchtime 1x ./internal/s3store
func BenchmarkUploadToS3(b *testing.B) {
	target := benchBytes()
	srv := s3test.Start(b)
	s := newStore(b, srv, srv.Bucket(b, "bench"), "lake")
	ctx := context.Background()
	chunk := make([]byte, 1<<20)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range chunk {
		chunk[i] = byte(r.Uint32())
	}
	b.SetBytes(target)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, err := s.Create(ctx, fmt.Sprintf("raw/%d.bin", i))
		if err != nil {
			b.Fatal(err)
		}
		for n := int64(0); n < target; n += int64(len(chunk)) {
			chunk[0] = byte(n) // no two chunks alike
			if _, err := w.Write(chunk); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Commit(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
}
