package manifest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/store"
)

// plantCheckpoint stores a round-1 checkpoint of the root chain whose
// header claims header streams, followed by lines, and returns its name
// and bytes.
func plantCheckpoint(t *testing.T, s store.Store, header int64, lines ...string) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	fmt.Fprintf(zw, `{"format":2,"pipeline":"p","round":1,"streams":%d}`+"\n", header)
	for _, l := range lines {
		fmt.Fprintln(zw, l)
	}
	_ = zw.Close()
	name := Chain{}.StateDir() + "00000000000000000001-0a1b2c3d.jsonl.gz"
	if err := s.PutIfAbsent(context.Background(), name, b.Bytes()); err != nil {
		t.Fatal(err)
	}
	return name, b.Bytes()
}

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
			name, body := plantCheckpoint(t, s, tt.header, `{"source":"s","stream":"a","round":1,"linked_at":"2026-01-01T00:00:00Z"}`)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := ReadCheckpoint(ctx, s, &StateRef{Round: 1, Path: name, SHA256: hashOf(body), Streams: tt.ref})
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

// TestASelectiveReadChecksTheWholeCheckpoint: a shard reading another
// chain's checkpoint holds only the streams it picks, but the checkpoint
// is checked whole as ReadCheckpoint checks it: its SHA-256, and its
// count of streams, picked or not.
func TestASelectiveReadChecksTheWholeCheckpoint(t *testing.T) {
	ctx := context.Background()
	line := func(stream string) string {
		return fmt.Sprintf(`{"source":"s","stream":%q,"round":1,"linked_at":"2026-01-01T00:00:00Z"}`, stream)
	}
	tests := []struct {
		name   string
		header int64
		lines  []string
		rehash bool // the entry records another SHA-256
		want   string
	}{
		{name: "a checkpoint as written", header: 3, lines: []string{line("a"), line("b"), line("c")}},
		{name: "a stream fewer than recorded", header: 4, lines: []string{line("a"), line("b"), line("c")}, want: "holds 3 streams, the manifest recorded 4"},
		{name: "a stream more than recorded", header: 2, lines: []string{line("a"), line("b"), line("c")}, want: "holds more than the 2 streams"},
		{name: "an altered stream it does not pick", header: 3, lines: []string{line("a"), line("b"), line("c")}, rehash: true, want: "it was altered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			name, body := plantCheckpoint(t, s, tt.header, tt.lines...)
			sum := hashOf(body)
			if tt.rehash {
				sum = hashOf([]byte("another checkpoint"))
			}
			var seen []string
			sel := &selection{keep: func(k Key) bool { return k.Stream == "b" }, seen: func(k Key) { seen = append(seen, k.Stream) }}
			st, err := readCheckpoint(ctx, s, &StateRef{Round: 1, Path: name, SHA256: sum, Streams: tt.header}, sel)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := st[Key{"s", "b"}]; !ok || len(st) != 1 || len(seen) != 3 {
					t.Errorf("held %v after seeing %v; want stream b alone, after all three", st.Keys(), seen)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("read: %v; want an error saying %q", err, tt.want)
			}
		})
	}
}
