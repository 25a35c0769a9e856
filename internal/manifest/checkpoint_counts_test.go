package manifest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestACheckpointsStreamCountsAreCheckedBeforeUse plants checkpoints and
// references whose stream counts are negative or absurd: each is refused
// with an error naming the checkpoint, without a panic and without
// allocating for the streams the counts claim.
func TestACheckpointsStreamCountsAreCheckedBeforeUse(t *testing.T) {
	ctx := context.Background()
	const huge = int64(1) << 23
	tests := []struct {
		name        string
		header, ref int64
		want        string
	}{
		{"a negative count in the entry", 1, -1, "streams"},
		{"a negative count in the checkpoint", -1, 1, "streams"},
		{"a huge count in both", huge, huge, "streams"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			fmt.Fprintf(zw, `{"format":2,"pipeline":"p","round":1,"streams":%d}`+"\n", tt.header)
			fmt.Fprintln(zw, `{"source":"s","stream":"a","round":1,"linked_at":"2026-01-01T00:00:00Z"}`)
			_ = zw.Close()
			name := Chain{}.StateDir() + "00000000000000000001-0a1b2c3d.jsonl.gz"
			if err := s.PutIfAbsent(ctx, name, b.Bytes()); err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := ReadCheckpoint(ctx, s, &StateRef{Round: 1, Path: name, SHA256: hashOf(b.Bytes()), Streams: tt.ref})
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatal("ReadCheckpoint accepted the checkpoint")
			}
			for _, want := range []string{s.Location(name), tt.want, "etl verify"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not name %s", err, want)
				}
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
				t.Errorf("ReadCheckpoint allocated %d bytes", grew)
			}
		})
	}
}
