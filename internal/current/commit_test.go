package current_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// racingStore lets another run commit each round just before this one.
type racingStore struct{ store.Store }

func (r racingStore) PutIfAbsent(ctx context.Context, name string, data []byte) error {
	r.race(ctx, name)
	return r.Store.PutIfAbsent(ctx, name, data)
}

func (r racingStore) PutIfAbsentFrom(ctx context.Context, name string, body store.Body) error {
	r.race(ctx, name)
	return r.Store.PutIfAbsentFrom(ctx, name, body)
}

// race commits another run's entry at name when name is an entry's.
func (r racingStore) race(ctx context.Context, name string) {
	if strings.HasPrefix(name, manifest.Dir) && strings.HasSuffix(name, ".json") {
		_ = r.Store.PutIfAbsent(ctx, name, []byte(`{"format":2}`))
	}
}

func TestCommitCompaction(t *testing.T) {
	ctx := context.Background()
	t.Run("an empty lake has nothing to compact", func(t *testing.T) {
		l := newTestLake(t)
		if _, err := current.CommitCompaction(ctx, l.s, current.CommitOptions{Pipeline: "p", RunID: "c"}); !errors.Is(err, current.ErrNoRounds) {
			t.Errorf("error %v, want ErrNoRounds", err)
		}
	})
	t.Run("a compact entry chains, carries the state and names its snapshot", func(t *testing.T) {
		l := newTestLake(t)
		l.round(false, up("people", `{"id":"a","name":"Ann"}`))
		prev := l.latest
		l.compactAlone()
		c := l.latest
		if c.Round != 2 || c.Kind != manifest.KindCompact || c.Previous != prev.SHA256 || c.Current.Round != 2 || len(c.Streams) != 0 || len(c.Files) != 0 {
			t.Errorf("compact entry %+v", c.Entry)
		}
		if _, err := current.CommitCompaction(ctx, l.s, current.CommitOptions{Pipeline: "p", RunID: "c2"}); !errors.Is(err, current.ErrUpToDate) {
			t.Errorf("a second compaction: %v, want ErrUpToDate", err)
		}
		if _, err := current.CommitCompaction(ctx, l.s, current.CommitOptions{Pipeline: "q", RunID: "c3"}); err == nil || !strings.Contains(err.Error(), `pipeline "p"`) {
			t.Errorf("another pipeline's compaction: %v", err)
		}
	})
	t.Run("a compaction that loses the commit race removes its files", func(t *testing.T) {
		l := newTestLake(t)
		l.round(false, up("people", `{"id":"a","name":"Ann"}`))
		_, err := current.CommitCompaction(ctx, racingStore{l.s}, current.CommitOptions{Pipeline: "p", RunID: "loser"})
		if !errors.Is(err, manifest.ErrRoundTaken) {
			t.Fatalf("error %v, want ErrRoundTaken", err)
		}
		left, err := l.s.List(ctx, current.Dir)
		if err != nil || len(left) != 0 {
			t.Errorf("the losing run left %v (%v)", left, err)
		}
	})
}
