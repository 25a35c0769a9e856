package table_test

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/internal/cputime"
	"github.com/graphlake/graphlake/sdk/table"
)

// batchUsers is how many users the plugin's batches hold in the users
// benchmark (BENCHMARKS.md item 7): about 2 MB of estimated bytes.
const batchUsers = 6000

// BenchmarkAppendUsersBatch measures the plugin's item → Arrow path of the
// users benchmark: a batch of users appended with AppendItem to the users
// plugin's table (34 columns), then cut as a record batch. It reports the
// CPU time per row, from rusage.
func BenchmarkAppendUsersBatch(b *testing.B) {
	items := graphtest.UserItems(batchUsers)
	bl := table.NewBuilder(memory.NewGoAllocator(), users.Table())
	defer bl.Release()
	bl.RecycleReleased() // as the plugin's gRPC server has it
	meta := table.Meta{Round: 1, SyncedAt: time.Date(2026, 12, 5, 5, 0, 0, 0, time.UTC), Stream: "users"}
	cpu := cputime.Self(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, it := range items {
			meta.Seq++
			if _, err := bl.AppendItem(it, meta); err != nil {
				b.Fatal(err)
			}
		}
		bl.NewRecord().Release()
	}
	b.ReportMetric(float64((cputime.Self(b)-cpu).Nanoseconds())/float64(b.N*len(items)), "cpu-ns/row")
}
