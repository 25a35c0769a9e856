package manifest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/readahead"

	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// CheckpointEvery is how many rounds may pass between state checkpoints.
const CheckpointEvery = 32

// StateDir holds the state checkpoints.
const StateDir = Dir + "state/"

// Key names a stream.
type Key struct{ Source, Stream string }

// StreamState is what a stream carries from round to round.
type StreamState struct {
	Source        string `json:"source"`
	Stream        string `json:"stream"`
	Fingerprint   string `json:"fingerprint,omitempty"`
	EndLinkSHA256 string `json:"end_link_sha256,omitempty"`
	// DeltaLink is sealed under the state key.
	DeltaLink SealedLink `json:"delta_link_sealed,omitempty"`
	// Round and LinkedAt say when the deltaLink was obtained.
	Round    int64     `json:"round"`
	LinkedAt time.Time `json:"linked_at"`
	// Resync, when set, says why the stream's next round must read
	// everything again and the rows it no longer returns be deleted: Graph
	// discarded its sync state, it was reset, or its first round failed
	// after writing rows. The stream then has no deltaLink.
	Resync string `json:"resync,omitempty"`
	// Ended marks, in a shard chain, a stream that ended in Round: a
	// marker that supersedes older states of the stream in other chains
	// (see Merge). The root chain forgets ended streams instead.
	Ended bool `json:"ended,omitempty"`
}

// State is every stream's state after some round.
type State map[Key]StreamState

// Apply folds a committed entry into the state: an ok stream takes its new
// deltaLink; resync_required and reset forget it and remember why, so the
// next full round deletes what it no longer returns; ended forgets the
// stream; a failed stream keeps what it had, and a failed first round that
// wrote rows is remembered like a resync.
func (st State) Apply(e *Entry) { st.apply(e, nil) }

// apply is Apply for the streams sel picks; every stream seen is passed
// to sel.seen.
func (st State) apply(e *Entry, sel *selection) {
	for _, s := range e.Streams {
		k := Key{s.Source, s.Stream}
		if !sel.picks(k) {
			continue
		}
		switch s.Status {
		case wire.StatusOK:
			st[k] = StreamState{Source: s.Source, Stream: s.Stream, Fingerprint: s.Fingerprint, EndLinkSHA256: s.EndLinkSHA256,
				DeltaLink: s.DeltaLink, Round: e.Round, LinkedAt: e.CommittedAt}
		case wire.StatusResyncRequired:
			st[k] = pending(s, e.Round, fmt.Sprintf("Graph required a resync in round %d", e.Round))
		case wire.StatusReset:
			st[k] = pending(s, e.Round, fmt.Sprintf("reset in round %d", e.Round))
		case wire.StatusFailed:
			if _, known := st[k]; !known && s.Upserts+s.Deletes > 0 {
				st[k] = pending(s, e.Round, fmt.Sprintf("first round failed in round %d after writing rows", e.Round))
			}
		case wire.StatusEnded:
			if e.Chain.IsShard() {
				st[k] = StreamState{Source: s.Source, Stream: s.Stream, Round: e.Round, Ended: true}
			} else {
				delete(st, k)
			}
		}
	}
}

// pending is the state of a stream whose next round must read everything.
func pending(s Stream, round int64, why string) StreamState {
	return StreamState{Source: s.Source, Stream: s.Stream, Fingerprint: s.Fingerprint, Round: round, Resync: why}
}

// Keys returns the state's streams sorted by source, then stream.
func (st State) Keys() []Key {
	keys := make([]Key, 0, len(st))
	for k := range st {
		keys = append(keys, k)
	}
	SortKeys(keys)
	return keys
}

// SortKeys sorts keys by source, then stream.
func SortKeys(keys []Key) {
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Source != keys[j].Source {
			return keys[i].Source < keys[j].Source
		}
		return keys[i].Stream < keys[j].Stream
	})
}

// maxStreamsHint caps the room ReadCheckpoint makes for a checkpoint's
// streams before it has read them: the count comes from the lake, and a
// few hundred bytes of a planted checkpoint and entry may claim millions.
// A checkpoint that holds more grows its map as it is read.
const maxStreamsHint = 1 << 17

// checkpointHeader is a checkpoint's first line.
type checkpointHeader struct {
	Format   int    `json:"format"`
	Pipeline string `json:"pipeline"`
	Round    int64  `json:"round"`
	Streams  int64  `json:"streams"`
	// ShardedSources are the sources whose tables declared a shard key in
	// the round that wrote the checkpoint (see WriteCheckpointWith).
	ShardedSources []string `json:"sharded_sources,omitempty"`
}

// CheckpointName is the object name of the state checkpoint that run
// runID writes for round in chain c.
func CheckpointName(c Chain, round int64, runID string) string {
	return fmt.Sprintf("%s%020d-%s.jsonl.gz", c.StateDir(), round, runID)
}

// WriteCheckpoint stores st as the state after round, streamed and
// gzip-compressed, and returns its reference for the entry to carry. The
// name includes runID so that a run that loses the commit race never
// overwrites the winner's checkpoint.
func WriteCheckpoint(ctx context.Context, s store.Store, c Chain, pipeline string, round int64, runID string, st State) (*StateRef, error) {
	return WriteCheckpointWith(ctx, s, c, pipeline, round, runID, st, nil)
}

// WriteCheckpointWith is WriteCheckpoint recording in the checkpoint the
// sources whose tables declare a shard key (sharded): shard 0 of a lake
// sharded later then holds, of this chain's state, only the streams of
// those sources that it owns, from its first round (see
// Lake.ShardStreams). A source left out is only held whole.
func WriteCheckpointWith(ctx context.Context, s store.Store, c Chain, pipeline string, round int64, runID string, st State, sharded []string) (*StateRef, error) {
	name := CheckpointName(c, round, runID)
	w, err := s.Create(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("write state checkpoint: %w", err)
	}
	defer w.Abort(context.WithoutCancel(ctx))
	h := sha256.New()
	zw, _ := gzip.NewWriterLevel(io.MultiWriter(w, h), gzip.BestSpeed) // a valid level: no error
	enc := json.NewEncoder(zw)
	head := checkpointHeader{Format: FormatVersion, Pipeline: pipeline, Round: round, Streams: int64(len(st)), ShardedSources: slices.Sorted(slices.Values(sharded))}
	if err := enc.Encode(head); err != nil {
		return nil, fmt.Errorf("write state checkpoint %s: %w", s.Location(name), err)
	}
	for _, k := range st.Keys() {
		if err := enc.Encode(st[k]); err != nil {
			return nil, fmt.Errorf("write state checkpoint %s: %w", s.Location(name), err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("write state checkpoint %s: %w", s.Location(name), err)
	}
	if err := w.Commit(ctx); err != nil {
		return nil, fmt.Errorf("write state checkpoint %s: %w", s.Location(name), err)
	}
	return &StateRef{Round: round, Path: name, SHA256: hex.EncodeToString(h.Sum(nil)), Streams: int64(len(st))}, nil
}

// selection picks the streams of a chain's state that a reader holds: a
// shard reads every chain's state but holds only what it can use (see
// Lake.ShardStreams). A nil selection picks every stream.
type selection struct {
	// keep reports whether the stream's state is held.
	keep func(Key) bool
	// seen, when set, is told of every stream read, held or not.
	seen func(Key)
	// sharded, when set, is told of every source a checkpoint's header
	// names sharded, before the checkpoint's streams are read.
	sharded func(source string)
}

// picks reports whether sel holds k's state, telling sel.seen of k.
func (sel *selection) picks(k Key) bool {
	if sel == nil {
		return true
	}
	if sel.seen != nil {
		sel.seen(k)
	}
	return sel.keep(k)
}

// streamKey is the part of a checkpoint's line a selection needs.
type streamKey struct {
	Source string `json:"source"`
	Stream string `json:"stream"`
}

// ReadCheckpoint loads a checkpoint and checks it against its reference.
func ReadCheckpoint(ctx context.Context, s store.Store, ref *StateRef) (State, error) {
	return readCheckpoint(ctx, s, ref, nil)
}

// readCheckpoint is ReadCheckpoint holding the streams sel picks: every
// line is read, counted and hashed, and only a picked one decoded whole.
func readCheckpoint(ctx context.Context, s store.Store, ref *StateRef, sel *selection) (State, error) {
	r, err := s.Open(ctx, ref.Path)
	if err != nil {
		return nil, fmt.Errorf("read state checkpoint of round %d: %w", ref.Round, err)
	}
	defer r.Close()
	if err := store.CheckSize(s.Location(ref.Path), r.Size(), MaxCheckpointBytes); err != nil {
		return nil, fmt.Errorf("read state checkpoint of round %d: %w", ref.Round, err)
	}
	h := sha256.New()
	gz, err := gzip.NewReader(io.TeeReader(bufio.NewReaderSize(r, 64<<10), h))
	if err != nil {
		return nil, fmt.Errorf("read state checkpoint %s: %w", s.Location(ref.Path), err)
	}
	// The object is read, hashed and inflated ahead on a goroutine of its
	// own while the lines are decoded here: at 100,000 streams that is
	// about a third of the reading's CPU, off the start-up's path when a
	// core is free. Its last read (EOF, below) comes after its last
	// write to h.
	inflated, err := readahead.NewReaderSize(gz, 4, 64<<10)
	if err != nil {
		return nil, fmt.Errorf("read state checkpoint %s: %w", s.Location(ref.Path), err)
	}
	defer inflated.Close()
	lines := newLineReader(inflated, MaxCheckpointLineBytes, s.Location(ref.Path))
	fail := func(err error) error { return fmt.Errorf("read state checkpoint %s: %w", s.Location(ref.Path), err) }
	var head checkpointHeader
	line, err := lines.next()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, fail(err)
	}
	if err := jsonv2.Unmarshal(line, &head); err != nil {
		return nil, fail(err)
	}
	if head.Round != ref.Round || head.Format > FormatVersion {
		return nil, fmt.Errorf("state checkpoint %s holds round %d format %d, the manifest expects round %d", s.Location(ref.Path), head.Round, head.Format, ref.Round)
	}
	if head.Streams != ref.Streams || ref.Streams < 0 {
		return nil, fmt.Errorf("state checkpoint %s says it holds %d streams, the manifest recorded %d: it is not a checkpoint etl wrote; run etl verify", s.Location(ref.Path), head.Streams, ref.Streams)
	}
	hint := ref.Streams
	if sel != nil {
		hint = 0 // how many it picks is not known
		if sel.sharded != nil {
			for _, src := range head.ShardedSources {
				sel.sharded(src)
			}
		}
	}
	st := make(State, min(hint, maxStreamsHint))
	links := jsonv2.WithUnmarshalers((&linkSlab{}).unmarshaler())
	var read int64 // lines of streams, picked or not
	for {
		line, err := lines.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fail(err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if read++; read > ref.Streams {
			return nil, fmt.Errorf("state checkpoint %s holds more than the %d streams the manifest recorded: it was altered; run etl verify", s.Location(ref.Path), ref.Streams)
		}
		if sel != nil {
			var k streamKey
			if err := jsonv2.Unmarshal(line, &k, jsonv2.RejectUnknownMembers(false)); err != nil {
				return nil, fail(err)
			}
			if !sel.picks(Key(k)) {
				continue
			}
		}
		var ss StreamState
		if err := jsonv2.Unmarshal(line, &ss, links); err != nil {
			return nil, fail(err)
		}
		st[Key{ss.Source, ss.Stream}] = ss
	}
	// Its WriteTo, which io.Copy takes, reports the end it met as io.EOF.
	if _, err := io.Copy(io.Discard, inflated); err != nil && !errors.Is(err, io.EOF) {
		return nil, fail(err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != ref.SHA256 {
		return nil, fmt.Errorf("state checkpoint %s has SHA-256 %s, the manifest recorded %s: it was altered; run etl verify", s.Location(ref.Path), got, ref.SHA256)
	}
	// Every line read is a stream, and (when all are held) no stream
	// comes twice.
	streams := read
	if sel == nil {
		streams = min(read, int64(len(st)))
	}
	if streams != ref.Streams {
		return nil, fmt.Errorf("state checkpoint %s holds %d streams, the manifest recorded %d: it was altered; run etl verify", s.Location(ref.Path), streams, ref.Streams)
	}
	return st, nil
}

// LoadState rebuilds the stream state after latest: its checkpoint, then
// the entries of its chain after the checkpoint's round.
func LoadState(ctx context.Context, s store.Store, latest *Committed) (State, error) {
	return loadState(ctx, s, latest, nil)
}

// loadState is LoadState holding the streams sel picks.
func loadState(ctx context.Context, s store.Store, latest *Committed, sel *selection) (State, error) {
	if latest == nil {
		return State{}, nil
	}
	st := State{}
	from := int64(1)
	if ref := latest.State; ref != nil {
		var err error
		if st, err = readCheckpoint(ctx, s, ref, sel); err != nil {
			return nil, err
		}
		from = ref.Round + 1
	}
	replay, err := Since(ctx, s, latest, from)
	if err != nil {
		return nil, fmt.Errorf("replay the state after its checkpoint: %w", err)
	}
	for _, c := range replay {
		st.apply(&c.Entry, sel)
	}
	return st, nil
}

// Since loads the entries of latest's chain whose round is from or later,
// latest included, oldest first. It walks back from latest, reading each
// entry once, down to the lowest entry number that may hold such a round
// (the round itself in the root chain) or the first older round, so the
// cost follows the entries read, not the history.
func Since(ctx context.Context, s store.Store, latest *Committed, from int64) ([]*Committed, error) {
	return since(ctx, s, latest, from, keepStreams)
}

// SinceWithoutStreams is Since for a reader of the entries' other fields
// (their files and snapshots: the current state's readers): the entries
// it reads (all but latest, which is returned as given) are read without
// their streams (see ReadInWithoutStreams).
func SinceWithoutStreams(ctx context.Context, s store.Store, latest *Committed, from int64) ([]*Committed, error) {
	return since(ctx, s, latest, from, dropAllStreams)
}

// since is Since, keeping the streams which says (see entryStreams).
func since(ctx context.Context, s store.Store, latest *Committed, from int64, which entryStreams) ([]*Committed, error) {
	if latest.Round < from {
		return nil, nil
	}
	out := []*Committed{latest}
	chain := latest.Chain
	for n := latest.Number() - 1; n >= chain.lowestNumber(from); n-- {
		c, err := readIn(ctx, s, chain, n, which)
		if err != nil {
			return nil, err
		}
		if c.Round < from {
			break
		}
		out = append(out, c)
	}
	slices.Reverse(out)
	return out, nil
}

// Merge combines the states of several chains: per stream, the state of
// the highest round wins, wherever it was committed, since round numbers
// are global (see Chain); a stream whose winner is an ended marker is left
// out. A stream that moved to another shard and back so takes the newest
// state, never the stale one its first chain still holds.
func Merge(states ...State) State {
	return gather(states, -1).Newest()
}
