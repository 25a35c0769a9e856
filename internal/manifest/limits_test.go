package manifest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/store"
)

// sparse makes name a sparse file of size bytes in the local store s: it
// takes no room on disk, and reading it whole would take size bytes of
// memory.
func sparse(t *testing.T, s store.Store, name string, size int64) {
	t.Helper()
	p := s.Location(name)
	if err := os.MkdirAll(p[:strings.LastIndex(p, "/")], 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

// TestOversizedObjectsAreRefusedUnread puts sparse oversized objects where
// etl reads its manifest: each is refused before it is read, with an
// error naming the object and the cap, and an oversized HEAD (only a hint)
// is passed over.
func TestOversizedObjectsAreRefusedUnread(t *testing.T) {
	ctx := context.Background()
	const terabyte = 1 << 40
	t.Run("an entry", func(t *testing.T) {
		s := newStore(t)
		commitRounds(t, s, 2)
		sparse(t, s, Chain{}.EntryName(3), MaxEntryBytes+1)
		_, err := ReadIn(ctx, s, Chain{}, 3)
		wantTooLarge(t, err, s.Location(Chain{}.EntryName(3)), "1073741824")
	})
	t.Run("an entry read for a round's state", func(t *testing.T) {
		s := newStore(t)
		commitRounds(t, s, 2)
		sparse(t, s, Chain{}.EntryName(3), MaxEntryBytes+1)
		_, err := LoadLakeForState(ctx, s)
		wantTooLarge(t, err, s.Location(Chain{}.EntryName(3)), "1073741824")
	})
	t.Run("a 1 TB HEAD is passed over", func(t *testing.T) {
		s := newStore(t)
		commitRounds(t, s, 3)
		sparse(t, s, HeadName, terabyte)
		if got, err := LatestRound(ctx, s); err != nil || got != 3 {
			t.Fatalf("LatestRound = %d, %v; want 3", got, err)
		}
	})
	t.Run("a checkpoint", func(t *testing.T) {
		s := newStore(t)
		ref, err := WriteCheckpoint(ctx, s, Chain{}, "p", 1, "0a1b2c3d", State{})
		if err != nil {
			t.Fatal(err)
		}
		sparse(t, s, ref.Path, terabyte)
		_, err = ReadCheckpoint(ctx, s, ref)
		wantTooLarge(t, err, s.Location(ref.Path), "4294967296")
	})
	t.Run("a checkpoint inflating to an endless line", func(t *testing.T) {
		s := newStore(t)
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write([]byte(`{"format":2,"pipeline":"p","round":1,"streams":1}` + "\n" + `{"source":"`))
		_, _ = zw.Write(bytes.Repeat([]byte("a"), MaxCheckpointLineBytes+1))
		_ = zw.Close()
		name := Chain{}.StateDir() + "00000000000000000001-0a1b2c3d.jsonl.gz"
		if err := s.PutIfAbsent(ctx, name, b.Bytes()); err != nil {
			t.Fatal(err)
		}
		_, err := ReadCheckpoint(ctx, s, &StateRef{Round: 1, Path: name, Streams: 1})
		wantTooLarge(t, err, s.Location(name), "16777216")
	})
}

// wantTooLarge checks that err is ErrTooLarge and names the object and
// the cap.
func wantTooLarge(t *testing.T, err error, location, limit string) {
	t.Helper()
	if !errors.Is(err, store.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	for _, want := range []string{location, limit} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}
