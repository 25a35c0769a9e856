package manifest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/store"
)

// checkpointedEntry is round `round` with n changed streams and a state
// checkpoint of round `checkpoint`.
func checkpointedEntry(round, checkpoint int64, previous string, n int) *Entry {
	e := entry(round, previous)
	e.State = &StateRef{Round: checkpoint, Path: "_manifest/state/x.jsonl.gz", SHA256: "ab", Streams: int64(n)}
	e.Streams = nil
	for i := range n {
		e.Streams = append(e.Streams, Stream{Source: "mail", Stream: fmt.Sprintf("u%06d/inbox", i), Status: "ok", Mode: "initial",
			Fingerprint: "f", EndLinkSHA256: "0123456789abcdef", DeltaLink: "c2VhbGVkIGxpbmsgb2YgYSBzdHJlYW0=", Pages: 1, Upserts: 1})
	}
	return e
}

// TestALakeReadForItsStateDropsOnlyCheckpointedStreams: LoadLakeForState
// reads a head whose checkpoint is of its own round without its streams
// (the checkpoint holds their state), with the same hash and fields as
// LoadLake; a head whose checkpoint is older keeps them, for the replay;
// LoadLake keeps them always, and LoadLakeHeads (a shard's check of the
// other chains' rounds before its commit) and ReadInWithoutStreams (etl
// gc) never.
func TestALakeReadForItsStateDropsOnlyCheckpointedStreams(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		checkpoint int64 // of round 2's entry
		wantDrop   bool
	}{
		{"a checkpoint of the head's own round", 2, true},
		{"an older checkpoint", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			hash, err := Commit(ctx, s, entry(1, ""))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Commit(ctx, s, checkpointedEntry(2, tt.checkpoint, hash, 3)); err != nil {
				t.Fatal(err)
			}
			whole, err := LoadLake(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			forState, err := LoadLakeForState(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			w, f := whole.Heads[0], forState.Heads[0]
			if len(w.Streams) != 3 {
				t.Fatalf("LoadLake read %d streams, want 3", len(w.Streams))
			}
			if wantStreams := map[bool]int{true: 0, false: 3}[tt.wantDrop]; len(f.Streams) != wantStreams {
				t.Errorf("LoadLakeForState read %d streams, want %d", len(f.Streams), wantStreams)
			}
			if f.SHA256 != w.SHA256 || f.Round != w.Round || f.State.Round != w.State.Round || len(f.Files) != len(w.Files) {
				t.Errorf("LoadLakeForState read %+v, LoadLake %+v: want the same head but for its streams", f, w)
			}
			heads, err := LoadLakeHeads(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			h := heads.Heads[0]
			if len(h.Streams) != 0 {
				t.Errorf("LoadLakeHeads read %d streams, want none", len(h.Streams))
			}
			if h.SHA256 != w.SHA256 || h.Round != w.Round || h.State.Round != w.State.Round || len(h.Files) != len(w.Files) {
				t.Errorf("LoadLakeHeads read %+v, LoadLake %+v: want the same head but for its streams", h, w)
			}
			bare, err := ReadInWithoutStreams(ctx, s, Chain{}, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(bare.Streams) != 0 || bare.SHA256 != w.SHA256 || bare.Round != w.Round || len(bare.Files) != len(w.Files) {
				t.Errorf("ReadInWithoutStreams read %+v, LoadLake %+v: want the same entry without its streams", bare, w)
			}
		})
	}
}

// TestDroppedStreamsAreCheckedAsWhole: a head whose streams are dropped
// is still decoded by the same rules: a stream that is not what an entry
// holds makes the entry corrupt, as it does read whole; streams written
// before the checkpoint reference are read whole.
func TestDroppedStreamsAreCheckedAsWhole(t *testing.T) {
	ctx := context.Background()
	head := `{"format":2,"pipeline":"p","round":1,"kind":"sync","run_id":"r","previous_sha256":"",` +
		`"started_at":"1970-01-01T00:01:40Z","committed_at":"1970-01-01T00:01:41Z",`
	state := `"state":{"round":1,"path":"_manifest/state/x.jsonl.gz","sha256":"ab","streams":1},`
	tests := []struct {
		name        string
		body        string
		wantCorrupt bool
		wantStreams int
	}{
		{"a well-formed entry", head + state + `"streams":[{"source":"mail","stream":"a","pages":1,"upserts":0,"deletes":0,"status":"ok"}],"files":[]}`, false, 0},
		{"a stream's field of the wrong type", head + state + `"streams":[{"source":"mail","stream":"a","pages":"one","status":"ok"}],"files":[]}`, true, 0},
		{"a stream that is not an object", head + state + `"streams":[{"source":"mail","stream":"a","status":"ok"},7],"files":[]}`, true, 0},
		{"invalid UTF-8 in a stream", head + state + "\"streams\":[{\"source\":\"m\xffail\",\"stream\":\"a\",\"status\":\"ok\"}],\"files\":[]}", true, 0},
		{"a duplicate name in a stream", head + state + `"streams":[{"source":"mail","source":"x","stream":"a","status":"ok"}],"files":[]}`, true, 0},
		{"an unterminated list", head + state + `"streams":[{"source":"mail","stream":"a","status":"ok"}`, true, 0},
		{"a stream's string that is a number", head + state + `"streams":[{"source":"mail","stream":"a","delta_link_sealed":7,"status":"ok"}],"files":[]}`, true, 0},
		{"a stream's string that is an object", head + state + `"streams":[{"source":"mail","stream":"a","error":{},"status":"ok"}],"files":[]}`, true, 0},
		{"a stream's null and escaped strings", head + state + `"streams":[{"source":"mail","stream":"a\u00e9\n","error":null,"status":"ok"}],"files":[]}`, false, 0},
		{"a stream's status of a named string type", head + state + `"streams":[{"source":"mail","stream":"a","mode":"initial","status":"ended"}],"files":[]}`, false, 0},
		{"streams before the checkpoint reference", head + `"streams":[{"source":"mail","stream":"a","status":"ok"}],` + state + `"files":[]}`, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			if err := s.PutIfAbsent(ctx, Chain{}.EntryName(1), []byte(tt.body)); err != nil {
				t.Fatal(err)
			}
			_, wholeErr := ReadIn(ctx, s, Chain{}, 1)
			if _, bareErr := ReadInWithoutStreams(ctx, s, Chain{}, 1); errors.Is(bareErr, ErrCorrupt) != tt.wantCorrupt || !tt.wantCorrupt && bareErr != nil {
				t.Errorf("ReadInWithoutStreams: %v; want corrupt %v", bareErr, tt.wantCorrupt)
			}
			l, err := LoadLakeForState(ctx, s)
			switch {
			case tt.wantCorrupt && (!errors.Is(err, ErrCorrupt) || !errors.Is(wholeErr, ErrCorrupt)):
				t.Fatalf("LoadLakeForState: %v; ReadIn: %v; want both ErrCorrupt", err, wholeErr)
			case !tt.wantCorrupt && (err != nil || wholeErr != nil):
				t.Fatalf("LoadLakeForState: %v; ReadIn: %v; want both to read", err, wholeErr)
			case !tt.wantCorrupt && len(l.Heads[0].Streams) != tt.wantStreams:
				t.Errorf("read %d streams, want %d", len(l.Heads[0].Streams), tt.wantStreams)
			}
		})
	}
}

// TestDroppedStreamsAreNeverAllocatedAsOneList: reading a head of 20,000
// checkpointed streams for its state allocates less than 60% of what
// reading it whole does: the list of decoded streams, grown as it is
// read, is never made (90 MB at 100,000 mail streams).
func TestDroppedStreamsAreNeverAllocatedAsOneList(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := Commit(ctx, s, checkpointedEntry(1, 1, "", 20_000)); err != nil {
		t.Fatal(err)
	}
	allocated := func(load func(context.Context, store.Store) (*Lake, error)) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		l, err := load(ctx, s)
		runtime.ReadMemStats(&after)
		if err != nil || len(l.Heads) != 1 {
			t.Fatalf("read %v, %v; want one head", l, err)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	allocated(LoadLake) // warm up
	whole, forState := allocated(LoadLake), allocated(LoadLakeForState)
	t.Logf("20,000 streams: %d bytes allocated read whole, %d read for the state", whole, forState)
	if float64(forState) > 0.6*float64(whole) {
		t.Errorf("reading the head for its state allocated %d bytes, whole %d: want under 60%%", forState, whole)
	}
}

// TestDroppedStreamsStringsAreNotCopied: reading a head for its state
// checks each dropped stream's strings where the decoder read them: 2,000
// streams with sealed deltaLinks of 600 bytes allocate less than one copy
// of those links.
func TestDroppedStreamsStringsAreNotCopied(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	const n, linkBytes = 2000, 600
	e := checkpointedEntry(1, 1, "", n)
	for i := range e.Streams {
		e.Streams[i].DeltaLink = SealedLinkOf(strings.Repeat("A", linkBytes))
	}
	if _, err := Commit(ctx, s, e); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadLakeForState(ctx, s); err != nil { // warm up
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := LoadLakeForState(ctx, s); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got >= n*linkBytes {
		t.Errorf("reading the head for its state allocated %d bytes: the %d dropped links alone are %d", got, n, n*linkBytes)
	}
}
