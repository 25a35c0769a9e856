package table_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk/internal/cputime"
	"github.com/graphlake/graphlake/sdk/table"
)

// batchUsers is how many users the plugin's batches hold in the users
// benchmark (BENCHMARKS.md item 7): about 2 MB of estimated bytes.
const batchUsers = 6000

// benchItems returns n users as the emulator serves them with the users
// benchmark's $select of ten properties: absent values left out, the id
// last.
func benchItems(n int) [][]byte {
	rng := rand.New(rand.NewPCG(2, 2))
	depts := []string{"Sales", "Retail", "Legal", "Finance", "IT", "HR", "Marketing", "Operations"}
	items := make([][]byte, n)
	for i := range items {
		given, sur := fmt.Sprintf("Given%d", rng.IntN(300)), fmt.Sprintf("Surname%d", rng.IntN(500))
		item := fmt.Sprintf(`{"displayName":"%s %s","givenName":%q,"surname":%q,"userPrincipalName":"%s.%s%d@contoso.com",`+
			`"mail":"%s.%s%d@contoso.com",`, given, sur, given, sur, given, sur, i, given, sur, i)
		if rng.IntN(7) != 0 {
			item += fmt.Sprintf(`"jobTitle":"Title %d",`, rng.IntN(40))
		}
		item += fmt.Sprintf(`"department":%q,"officeLocation":"%d/%d",`, depts[rng.IntN(len(depts))], 1+rng.IntN(40), 1000+rng.IntN(9000))
		if rng.IntN(3) != 0 {
			item += fmt.Sprintf(`"mobilePhone":"+1 206 555 %04d",`, rng.IntN(10000))
		}
		item += fmt.Sprintf(`"accountEnabled":%v,"id":"%08x-%04x-4%03x-a%03x-%012x"}`, rng.IntN(20) != 0,
			rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), rng.Uint64()>>16)
		items[i] = []byte(item)
	}
	return items
}

// BenchmarkAppendUsersBatch measures the plugin's item → Arrow path of the
// users benchmark: a batch of users appended with AppendItem to the users
// plugin's table (34 columns), then cut as a record batch. It reports the
// CPU time per row, from rusage.
func BenchmarkAppendUsersBatch(b *testing.B) {
	items := benchItems(batchUsers)
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
