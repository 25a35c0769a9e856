package manifest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/graphlake/graphlake/internal/store"
)

// Dir is the folder of the manifest under the lake root.
const Dir = "_manifest/"

// ErrCorrupt marks an entry whose content cannot be right: not JSON, an
// unknown format, or another round's number.
var ErrCorrupt = errors.New("corrupt manifest entry")

// ErrRoundTaken means another run committed the round first.
var ErrRoundTaken = errors.New("another run already committed this round")

// Name returns the object name of round n's entry in the root chain.
func Name(round int64) string { return Chain{}.EntryName(round) }

// Committed is an entry with the hash of its stored bytes.
type Committed struct {
	Entry
	SHA256 string
}

// Encode returns the bytes stored for e.
func Encode(e *Entry) ([]byte, error) {
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode manifest entry for round %d: %w", e.Round, err)
	}
	return append(b, '\n'), nil
}

// Rounds lists the root chain's round numbers, ascending, by listing the
// manifest: for verify and gc, which read the whole history anyway.
func Rounds(ctx context.Context, s store.Store) ([]int64, error) {
	return RoundsIn(ctx, s, Chain{})
}

// Read loads round n's entry of the root chain.
func Read(ctx context.Context, s store.Store, round int64) (*Committed, error) {
	return ReadIn(ctx, s, Chain{}, round)
}

// ReadIn loads entry number n of a chain (see Entry.Number).
func ReadIn(ctx context.Context, s store.Store, c Chain, round int64) (*Committed, error) {
	return readIn(ctx, s, c, round, keepStreams)
}

// ReadInWithoutStreams is ReadIn for a reader of the entry's other fields
// (etl gc, which wants the objects it names; etl verify, but for a signed
// entry, whose signature is checked against its re-encoding): its
// streams are decoded and checked one at a time and dropped (see
// dropStreams), so that an entry of 600,000 streams is never held decoded
// (about a gigabyte). The entry reads, hashes and fails exactly as ReadIn
// reads it.
func ReadInWithoutStreams(ctx context.Context, s store.Store, c Chain, n int64) (*Committed, error) {
	return readIn(ctx, s, c, n, dropAllStreams)
}

// readIn is ReadIn, keeping the streams which says (see entryStreams).
func readIn(ctx context.Context, s store.Store, c Chain, round int64, which entryStreams) (*Committed, error) {
	name := c.EntryName(round)
	e, err := readEntry(ctx, s, name, which)
	if errors.Is(err, store.ErrTooLarge) {
		return nil, fmt.Errorf("read manifest entry of round %d: %w (%w)", round, err, ErrCorrupt)
	}
	if errors.Is(err, ErrCorrupt) {
		return nil, fmt.Errorf("read manifest entry %s: %w", s.Location(name), err)
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest entry of round %d: %w", round, err)
	}
	if e.Format > NewestFormat {
		return nil, fmt.Errorf("manifest entry %s has format %d; this etl reads up to %d: upgrade etl (%w)",
			s.Location(name), e.Format, NewestFormat, ErrCorrupt)
	}
	if e.Format < FormatVersion {
		return nil, fmt.Errorf("manifest entry %s has format %d, written before stream state moved to checkpoints (format %d): start the lake afresh in another folder or prefix (%w)",
			s.Location(name), e.Format, FormatVersion, ErrCorrupt)
	}
	if e.Number() != round {
		return nil, fmt.Errorf("manifest entry %s says it is number %d: the manifest was altered; run etl verify (%w)", s.Location(name), e.Number(), ErrCorrupt)
	}
	if e.Round < 1 || e.Round > MaxRound {
		return nil, fmt.Errorf("manifest entry %s says it is round %d, outside 1 to %d: the manifest was altered; run etl verify (%w)", s.Location(name), e.Round, int64(MaxRound), ErrCorrupt)
	}
	if e.Chain != c {
		return nil, fmt.Errorf("manifest entry %s says it belongs to %s: the manifest was altered; run etl verify (%w)", s.Location(name), e.Chain, ErrCorrupt)
	}
	return e, nil
}

// readEntry decodes the entry stored at name while it reads it, and
// hashes its bytes on the way: an entry in which 100,000 streams changed
// is 124 MB of JSON, which is never held whole. It decodes with
// encoding/json/v2's decoder, four times as fast on such an entry as
// encoding/json's; it matches names exactly and refuses duplicate names
// and invalid UTF-8, none of which an entry etl wrote holds. An entry
// that is not JSON is ErrCorrupt; a failure to read is returned as it is.
//
// Unless which is keepStreams, the streams of an entry it names (see
// entryStreams) are decoded one at a time and dropped (see dropStreams):
// the entry reads and fails exactly as it would whole, but its Streams
// are nil.
func readEntry(ctx context.Context, s store.Store, name string, which entryStreams) (*Committed, error) {
	r, err := s.Open(ctx, name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if err := store.CheckSize(s.Location(name), r.Size(), MaxEntryBytes); err != nil {
		return nil, err
	}
	h := sha256.New()
	src := &readErr{r: io.LimitReader(r, r.Size())}
	var e Committed
	var opts []jsonv2.Options
	if which != keepStreams {
		opts = append(opts, jsonv2.WithUnmarshalers(dropStreams(&e.Entry, which)))
	}
	if err := jsonv2.UnmarshalRead(io.TeeReader(src, h), &e.Entry, opts...); err != nil {
		if src.err != nil {
			return nil, src.err
		}
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	e.SHA256 = hex.EncodeToString(h.Sum(nil))
	return &e, nil
}

// readErr remembers the error, other than io.EOF, its reader returned.
type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// Latest loads the newest entry, or returns nil when the lake has none.
// It reads a few objects, however long the history (see LatestRound).
func Latest(ctx context.Context, s store.Store) (*Committed, error) {
	n, err := LatestRound(ctx, s)
	if err != nil || n == 0 {
		return nil, err
	}
	return Read(ctx, s, n)
}

// History loads every entry of every chain, newest first (by round, then
// chain).
func History(ctx context.Context, s store.Store) ([]*Committed, error) {
	return history(ctx, s, func(*Committed) {})
}

// HistoryWithoutStreams is History for a reader that needs an entry's
// streams only once: seen is given each entry whole as it is read, and
// the entry is then kept without its streams, so that a lake whose
// entries hold hundreds of thousands of streams (about a gigabyte each
// decoded at 600,000) is read one entry at a time.
func HistoryWithoutStreams(ctx context.Context, s store.Store, seen func(*Committed)) ([]*Committed, error) {
	return history(ctx, s, func(c *Committed) {
		seen(c)
		c.Streams = nil
	})
}

// history is History, giving each entry to read as it is read (see all).
func history(ctx context.Context, s store.Store, read func(*Committed)) ([]*Committed, error) {
	entries, err := all(ctx, s, read)
	if err != nil {
		return nil, err
	}
	slices.Reverse(entries)
	return entries, nil
}

// All loads every entry of every chain, oldest first: by round, then by
// chain (the root chain first, then shards by count and index).
func All(ctx context.Context, s store.Store) ([]*Committed, error) {
	return all(ctx, s, func(*Committed) {})
}

// all is All, giving each entry to read as it is read.
func all(ctx context.Context, s store.Store, read func(*Committed)) ([]*Committed, error) {
	chains, err := Chains(ctx, s)
	if err != nil {
		return nil, err
	}
	var out []*Committed
	for _, c := range chains {
		rounds, err := RoundsIn(ctx, s, c)
		if err != nil {
			return nil, err
		}
		for _, r := range rounds {
			e, err := ReadIn(ctx, s, c, r)
			if err != nil {
				return nil, err
			}
			read(e)
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Round < out[j].Round })
	return out, nil
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
