package sdk

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"syscall"
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
	if len(mem.chunks) != 0 {
		t.Errorf("%d chunks of prior states are still held after Sync returned", len(mem.chunks))
	}
	if _, ok := kept.Get("sent"); ok || kept.Len() != 0 || len(slices.Collect(kept.IDs())) != 0 {
		t.Error("a StreamStates kept past Sync still holds states")
	}
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

// BenchmarkPriorStates builds the prior states of N mail streams from the
// host's pages, as the SDK did (a map of states by id) and as it does (a
// StreamStates), and reports per state what each keeps on the heap
// (heap-B/state, after a collection) and outside it (mapped-B/state), and
// what building it allocates on the heap, counting the three strings and
// the page slice the plugin's gRPC client decodes for each state (the
// pagedStates' clones). ns/op is the build alone, cpu-ns/state the
// process's CPU time (user and system, the collector's included) for it.
func BenchmarkPriorStates(b *testing.B) {
	for _, n := range []int{100000} {
		req := wire.SyncRequest{States: newPagedStates(n)}
		builds := []struct {
			name  string
			build func() (held any, mapped int)
		}{
			{"map", func() (any, int) {
				m := map[string]StreamState{}
				if err := wire.EachState(context.Background(), req, func(s wire.StreamState) { m[s.Stream] = s }); err != nil {
					b.Fatal(err)
				}
				return m, 0
			}},
			{"store", func() (any, int) {
				sb := newStateBuilder(0)
				if err := wire.EachState(context.Background(), req, sb.add); err != nil {
					b.Fatal(err)
				}
				mapped := 0
				for _, c := range sb.st.mem.chunks {
					if c.mapped {
						mapped += cap(c.b)
					}
				}
				return sb.finish(), mapped
			}},
		}
		for _, bl := range builds {
			b.Run(fmt.Sprintf("%s/n=%d", bl.name, n), func(b *testing.B) {
				var heap, mapped, allocs, bytes, cpu float64
				for b.Loop() {
					b.StopTimer()
					var before, after runtime.MemStats
					runtime.GC()
					runtime.ReadMemStats(&before)
					b.StartTimer()
					t0 := cpuTime(b)
					held, m := bl.build()
					cpu += float64(cpuTime(b) - t0)
					b.StopTimer()
					runtime.ReadMemStats(&after)
					allocs += float64(after.Mallocs - before.Mallocs)
					bytes += float64(after.TotalAlloc - before.TotalAlloc)
					runtime.GC()
					runtime.ReadMemStats(&after)
					heap += float64(after.HeapAlloc) - float64(before.HeapAlloc)
					mapped += float64(m)
					if s, ok := held.(StreamStates); ok {
						s.st.wipe()
					}
					runtime.KeepAlive(held)
					b.StartTimer()
				}
				per := float64(b.N) * float64(n)
				b.ReportMetric(heap/per, "heap-B/state")
				b.ReportMetric(mapped/per, "mapped-B/state")
				b.ReportMetric(bytes/per, "alloc-B/state")
				b.ReportMetric(allocs/per, "allocs/state")
				b.ReportMetric(cpu/per, "cpu-ns/state")
			})
		}
	}
}

// cpuTime is the process's CPU time so far, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkStreamStatesGet looks up mail streams' states among 100,000.
func BenchmarkStreamStatesGet(b *testing.B) {
	const n = 100000
	sb := newStateBuilder(n)
	for i := range n {
		sb.add(mailLikeState(i))
	}
	s := sb.finish()
	defer s.st.wipe()
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = mailLikeState(i * 97).Stream
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, ok := s.Get(ids[i%len(ids)]); !ok {
			b.Fatal("not found")
		}
		i++
	}
}
