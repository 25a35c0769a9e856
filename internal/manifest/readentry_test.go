package manifest

import (
	"context"
	"errors"
	"testing"

	"github.com/graphlake/graphlake/internal/store"
)

// cutStore's readers fail after `after` bytes, as a connection that drops
// mid-read.
type cutStore struct {
	store.Store
	after int64
}

func (c cutStore) Open(ctx context.Context, name string) (store.Reader, error) {
	r, err := c.Store.Open(ctx, name)
	if err != nil {
		return nil, err
	}
	return &cutReader{Reader: r, left: c.after}, nil
}

type cutReader struct {
	store.Reader
	left int64
}

var errCut = errors.New("connection reset mid-read")

func (c *cutReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errCut
	}
	p = p[:min(int64(len(p)), c.left)]
	n, err := c.Reader.Read(p)
	c.left -= int64(n)
	return n, err
}

// TestReadEntryTellsReadFailuresFromCorruption: an entry is decoded while
// it is read, and hashed on the way; a store that fails mid-read is that
// failure, not a corrupt entry, and an entry that is not JSON is
// ErrCorrupt.
func TestReadEntryTellsReadFailuresFromCorruption(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	hash, err := Commit(ctx, s, entry(1, ""))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutIfAbsent(ctx, Chain{}.EntryName(2), []byte(`{"format":`)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		s         store.Store
		round     int64
		wantErr   error // nil: the entry reads, with its hash
		notWanted error
	}{
		{"a whole entry reads with its hash", s, 1, nil, nil},
		{"a read cut short is a read failure", cutStore{Store: s, after: 40}, 1, errCut, ErrCorrupt},
		{"an entry that is not JSON is corrupt", s, 2, ErrCorrupt, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ReadIn(ctx, tt.s, Chain{}, tt.round)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatal(err)
			case tt.wantErr == nil && (c.SHA256 != hash || c.Round != 1 || len(c.Streams) != 1):
				t.Errorf("read round %d, hash %s, %d streams; want round 1, hash %s, 1 stream", c.Round, c.SHA256, len(c.Streams), hash)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("error %v, want %v", err, tt.wantErr)
			case tt.notWanted != nil && errors.Is(err, tt.notWanted):
				t.Errorf("error %v is also %v", err, tt.notWanted)
			}
		})
	}
}

// TestAnEntryBeyondTheLastRoundIsRefused: a round past MaxRound can only
// be planted (an entry and a HEAD naming it), and one near the largest
// int64 would make the next round's number wrap negative; reading the
// lake refuses it as corrupt, where a lake whose entries stay within is
// read.
func TestAnEntryBeyondTheLastRoundIsRefused(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		round   int64
		refused bool
	}{
		{MaxRound, false},
		{MaxRound + 1, true},
		{1<<63 - 1, true},
	} {
		s := newStore(t)
		first := newEntry("first")
		Next{Round: 1}.Fill(first)
		if _, err := Commit(ctx, s, first); err != nil {
			t.Fatal(err)
		}
		e := newEntry("planted")
		Next{Round: tt.round}.Fill(e)
		hash, err := Commit(ctx, s, e)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteHead(ctx, s, &Committed{Entry: *e, SHA256: hash}); err != nil {
			t.Fatal(err)
		}
		lake, err := LoadLake(ctx, s)
		if refused := errors.Is(err, ErrCorrupt); refused != tt.refused {
			t.Fatalf("round %d: LoadLake = %v, want refused as corrupt: %v", tt.round, err, tt.refused)
		}
		if !tt.refused && lake.Next(Chain{}).Round != tt.round+1 {
			t.Errorf("round %d: the next round is %d", tt.round, lake.Next(Chain{}).Round)
		}
	}
}
