//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package sdk

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/graphlake/graphlake/sdk/internal/cputime"
	"github.com/graphlake/graphlake/sdk/wire"
)

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
					t0 := cputime.Self(b)
					held, m := bl.build()
					cpu += float64(cputime.Self(b) - t0)
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

// BenchmarkStreamStatesGet looks up mail streams' states among 100,000.
func BenchmarkStreamStatesGet(b *testing.B) {
	const n = 100000
	s := mailLikeStates(n)
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
