package sdk

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// pagedStates is a host's StateSource: fresh strings in every page, as
// the plugin's gRPC client decodes them.
type pagedStates struct{ states []wire.StreamState }

func newPagedStates(n int) pagedStates {
	p := pagedStates{states: make([]wire.StreamState, n)}
	for i := range p.states {
		p.states[i] = mailLikeState(i)
	}
	return p
}

func (p pagedStates) Page(_ context.Context, offset, limit int) ([]wire.StreamState, int, error) {
	n := len(p.states)
	out := make([]wire.StreamState, 0, min(limit, n-offset))
	for _, s := range p.states[offset:min(n, offset+limit)] {
		out = append(out, wire.StreamState{Stream: strings.Clone(s.Stream), DeltaLink: strings.Clone(s.DeltaLink), Fingerprint: strings.Clone(s.Fingerprint)})
	}
	return out, n, nil
}

type noTokens struct{}

func (noTokens) Token(context.Context) (string, time.Time, error) { return "", time.Time{}, nil }

// mailLikeState is a mail folder stream's state as a 100,000-stream
// pipeline holds it: a user's id and an Outlook folder id, a deltaLink of
// about 480 bytes, a fingerprint, in a host's (a map's) order.
func mailLikeState(i int) wire.StreamState {
	user := fmt.Sprintf("%08x-0000-4000-8000-%012x", (i*7919)%100003/11, i/11)
	folder := fmt.Sprintf("AAMkAGI2%0120d", i%11)
	id := user + "/" + folder
	return wire.StreamState{Stream: id,
		DeltaLink:   "https://graph.microsoft.com/v1.0/users/" + user + "/mailFolders/" + folder + "/messages/delta?$deltatoken=" + strings.Repeat(fmt.Sprintf("%x", i), 256)[:256],
		Fingerprint: fmt.Sprintf("%024x", i)}
}

// mailLikeStates are the states of mailLikeState(0) to mailLikeState(n-1).
func mailLikeStates(n int) StreamStates {
	b := newStateBuilder(n)
	for i := range n {
		b.add(mailLikeState(i))
	}
	return b.finish()
}

// stateSource keeps the StreamStates its Sync was given.
type stateSource struct {
	sync func(req *SyncRequest)
}

func (stateSource) Tables() []table.Table { return nil }

func (s stateSource) Sync(_ context.Context, req *SyncRequest, _ *Emitter) error {
	s.sync(req)
	return nil
}

// TestThePriorStatesAreWipedWhenSyncReturns: the SDK's copy of the
// deltaLinks (every state, read from the SyncRequest and from the host's
// pages) is freed when the source's Sync returns, and a StreamStates kept
// past it holds nothing.
func TestThePriorStatesAreWipedWhenSyncReturns(t *testing.T) {
	const n = 2500
	var kept StreamStates
	var mem *stateChunks
	src := stateSource{sync: func(req *SyncRequest) {
		kept, mem = req.Streams, req.Streams.st.mem
		if req.Streams.Len() != n+1 {
			t.Errorf("Sync sees %d states; want %d", req.Streams.Len(), n+1)
		}
		for _, id := range []string{"sent", mailLikeState(0).Stream, mailLikeState(n - 1).Stream} {
			if st, ok := req.Streams.Get(id); !ok || st.DeltaLink == "" {
				t.Errorf("Sync does not see the state of %s", id)
			}
		}
		if len(mem.chunks) < 2 {
			t.Errorf("the states of %d streams are in %d chunks; want several", n, len(mem.chunks))
		}
	}}
	req := wire.SyncRequest{Streams: []wire.StreamState{{Stream: "sent", DeltaLink: "https://graph.example/sent", Fingerprint: "f"}},
		States: newPagedStates(n), Tokens: noTokens{}}
	if err := InProcess(src).Sync(context.Background(), req, func(wire.Event) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for i, c := range mem.chunks {
		if strings.Trim(string(c.b), "\x00") != "" {
			t.Errorf("chunk %d of the prior states still holds them after Sync returned", i)
		}
	}
	if _, ok := kept.Get("sent"); ok || kept.Len() != 0 || len(slices.Collect(kept.IDs())) != 0 {
		t.Error("a StreamStates kept past Sync still holds states")
	}
	// The chunks stay mapped while kept may be read, and are unmapped
	// once no StreamStates of the round is reachable.
	if mem.freed.Load() {
		t.Error("the chunks were unmapped while a StreamStates of the round could still read them")
	}
	kept = StreamStates{}
	for deadline := time.Now().Add(5 * time.Second); !mem.freed.Load(); {
		if time.Now().After(deadline) {
			t.Fatal("the chunks were not unmapped once the round's StreamStates were unreachable")
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
}

// TestAReadRacingTheWipeNeverFaults: goroutines that read a round's
// states while the SDK wipes them (a source's goroutine that outlives its
// Sync) see a state or none, and never a fault, nor a data race under
// -race; once the wipe is done they see none.
func TestAReadRacingTheWipeNeverFaults(t *testing.T) {
	const n = 20000
	s := mailLikeStates(n)
	var wiped atomic.Bool
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; ; i += 4 {
				done := wiped.Load()
				st, ok := s.Get(mailLikeState(i % n).Stream)
				if ok && st.Stream != mailLikeState(i%n).Stream {
					t.Errorf("Get returned the state of %q for %q", st.Stream, mailLikeState(i%n).Stream)
				}
				for range s.IDsWithPrefix(mailLikeState(i % n).Stream) {
				}
				if done {
					if ok || s.Len() != 0 {
						t.Error("the states are still there after the wipe")
					}
					return
				}
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	s.st.wipe()
	wiped.Store(true)
	wg.Wait()
}

// TestFreeingStateChunks: a chunk on the heap is zeroed; a mapped one is
// zeroed and unmapped (unmapping it again fails).
func TestFreeingStateChunks(t *testing.T) {
	heap := []byte("https://graph.example/delta?$deltatoken=secret")
	mapped, ok := newStateChunk(10000)
	if cap(mapped) < 10000 {
		t.Fatalf("a chunk of 10000 bytes has room for %d", cap(mapped))
	}
	mapped = append(mapped, "https://graph.example/delta?$deltatoken=secret"...)
	m := &stateChunks{chunks: []stateChunk{{b: heap}, {b: mapped, mapped: ok}}}
	m.free()
	if strings.Trim(string(heap), "\x00") != "" {
		t.Errorf("a heap chunk still holds %q", heap)
	}
	if ok {
		if err := freeStateChunk(mapped); err == nil {
			t.Error("a mapped chunk was still mapped after free")
		}
	} else {
		t.Log("this system gave a heap chunk")
	}
	m.free() // the second time does nothing
}
