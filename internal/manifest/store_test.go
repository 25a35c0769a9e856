package manifest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/store"
)

func newStore(t *testing.T) store.Store {
	t.Helper()
	s, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func entry(round int64, previous string) *Entry {
	return &Entry{Format: FormatVersion, Pipeline: "p", Round: round, Kind: KindSync, Previous: previous,
		StartedAt: time.Unix(100, 0).UTC(), CommittedAt: time.Unix(101, 0).UTC(),
		Streams: []Stream{{Source: "users", Stream: "users", Status: "ok", Upserts: 3, Deletes: 1}},
		Files:   []File{{Table: "users", Path: "users/x.parquet", Rows: 4, Bytes: 10, SHA256: "ab"}}}
}

func TestCommitAndRead(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if latest, err := Latest(ctx, s); err != nil || latest != nil {
		t.Fatalf("Latest of an empty lake = %v, %v; want nil, nil", latest, err)
	}
	hash1, err := Commit(ctx, s, entry(1, ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Commit(ctx, s, entry(2, hash1)); err != nil {
		t.Fatal(err)
	}
	t.Run("a round can be committed only once", func(t *testing.T) {
		if _, err := Commit(ctx, s, entry(2, hash1)); !errors.Is(err, ErrRoundTaken) {
			t.Fatalf("second commit of round 2: %v, want ErrRoundTaken", err)
		}
	})
	t.Run("latest is the highest round and chains to the previous", func(t *testing.T) {
		latest, err := Latest(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if latest.Round != 2 || latest.Previous != hash1 || latest.Rows() != 4 || latest.Deletes() != 1 {
			t.Fatalf("latest = %+v", latest.Entry)
		}
	})
	t.Run("history is newest first with each entry's hash", func(t *testing.T) {
		h, err := History(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 2 || h[0].Round != 2 || h[1].Round != 1 || h[1].SHA256 != hash1 {
			t.Fatalf("history = %d entries, first round %d", len(h), h[0].Round)
		}
	})
	t.Run("an entry from a newer format is refused", func(t *testing.T) {
		e := entry(3, "")
		e.Format = NewestFormat + 1
		if _, err := Commit(ctx, s, e); err != nil {
			t.Fatal(err)
		}
		if _, err := Latest(ctx, s); err == nil {
			t.Fatal("read an entry of a newer format")
		}
	})
}
