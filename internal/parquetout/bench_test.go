package parquetout_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/internal/cputime"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/sdk/table"
)

// benchUsers is a users table with the 10 properties of the users
// benchmark (BENCHMARKS.md item 7).
var benchUsers = table.Table{Name: "users", Key: []string{"id"}, Columns: []table.Column{
	{Name: "id", Type: table.String()}, {Name: "displayName", Type: table.String()}, {Name: "givenName", Type: table.String()},
	{Name: "surname", Type: table.String()}, {Name: "userPrincipalName", Type: table.String()}, {Name: "mail", Type: table.String()},
	{Name: "jobTitle", Type: table.String()}, {Name: "department", Type: table.String()}, {Name: "officeLocation", Type: table.String()},
	{Name: "mobilePhone", Type: table.String()}, {Name: "accountEnabled", Type: table.Bool()},
}}

// userBatches builds n users in batches of per rows, as the users plugin
// sends them.
func userBatches(b *testing.B, n, per int) []arrow.RecordBatch {
	b.Helper()
	bl := table.NewBuilder(memory.NewGoAllocator(), benchUsers)
	defer bl.Release()
	rng := rand.New(rand.NewPCG(1, 1))
	depts := []string{"Sales", "Retail", "Legal", "Finance", "IT", "HR", "Marketing", "Operations"}
	meta := table.Meta{Round: 1, SyncedAt: time.Date(2026, 12, 5, 5, 0, 0, 0, time.UTC), Stream: "users"}
	var out []arrow.RecordBatch
	for i := range n {
		first, last := fmt.Sprintf("Given%d", rng.IntN(5000)), fmt.Sprintf("Surname%d", rng.IntN(20000))
		item := fmt.Sprintf(`{"id":"%08x-%04x-4%03x-a%03x-%012x","displayName":"%s %s","givenName":%q,"surname":%q,`+
			`"userPrincipalName":"user%d@contoso.com","mail":"user%d@contoso.com","jobTitle":"Title %d","department":%q,`+
			`"officeLocation":"%d/%d","mobilePhone":"+1 555 %07d","accountEnabled":%v}`,
			rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), rng.Uint64()>>16, first, last, first, last,
			i, i, rng.IntN(40), depts[rng.IntN(len(depts))], rng.IntN(50), rng.IntN(3000), rng.IntN(10_000_000), i%10 != 0)
		meta.Seq = int64(i)
		if _, err := bl.AppendItem([]byte(item), meta); err != nil {
			b.Fatal(err)
		}
		if bl.Len() == per || i == n-1 {
			out = append(out, bl.NewRecord())
		}
	}
	return out
}

// BenchmarkWriteUsers measures the host's Parquet writing of a users
// round's batches into a local lake, per row.
func BenchmarkWriteUsers(b *testing.B) {
	const users = 100_000
	batches := userBatches(b, users, 6000)
	defer func() {
		for _, r := range batches {
			r.Release()
		}
	}()
	cpu := cputime.Self(b)
	var bytes int64
	for b.Loop() {
		s, err := newBenchLake(b)
		if err != nil {
			b.Fatal(err)
		}
		w := parquetout.New(parquetout.Options{Store: s, Round: 1, RunID: "r", Date: time.Now()})
		for _, rec := range batches {
			if err := w.Write(b.Context(), "users", rec); err != nil {
				b.Fatal(err)
			}
		}
		files, err := w.Close(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		bytes = 0
		for _, f := range files {
			bytes += f.Bytes
		}
	}
	b.ReportMetric(float64(bytes)/1e6, "parquet-MB")
	b.ReportMetric(float64((cputime.Self(b)-cpu).Nanoseconds())/float64(b.N*users), "cpu-ns/row")
}
