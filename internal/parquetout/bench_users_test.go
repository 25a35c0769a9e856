package parquetout_test

import (
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/internal/cputime"
	"github.com/graphlake/graphlake/internal/parquetout"
	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/table"
)

// benchTenant is the tenant id the host stamps on every row (_tenant).
const benchTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"

// pluginUserBatches builds n emulator users into the users plugin's own
// table (34 declared columns, 8 meta columns) in batches of per rows, as
// the plugin sends them.
func pluginUserBatches(tb testing.TB, n, per int) []arrow.RecordBatch {
	tb.Helper()
	bl := table.NewBuilder(memory.NewGoAllocator(), users.Table())
	defer bl.Release()
	meta := table.Meta{Round: 1, SyncedAt: time.Date(2026, 12, 5, 5, 0, 0, 0, time.UTC), Stream: "users"}
	var out []arrow.RecordBatch
	for i, it := range graphtest.UserItems(n) {
		meta.Seq = int64(i)
		if _, err := bl.AppendItem(it, meta); err != nil {
			tb.Fatal(err)
		}
		if bl.Len() == per || i == n-1 {
			out = append(out, bl.NewRecord())
		}
	}
	return out
}

// withoutColumns returns rec without the named columns; the caller
// releases it.
func withoutColumns(rec arrow.RecordBatch, drop []string) arrow.RecordBatch {
	schema := rec.Schema()
	var fields []arrow.Field
	var cols []arrow.Array
	for i, f := range schema.Fields() {
		if !slices.Contains(drop, f.Name) {
			fields = append(fields, f)
			cols = append(cols, rec.Column(i))
		}
	}
	md := schema.Metadata()
	return array.NewRecordBatch(arrow.NewSchema(fields, &md), cols, rec.NumRows())
}

// userColumnFamilies groups the users plugin's columns by how Parquet
// writes them in the users benchmark: the family's columns are dropped
// from the batches to measure what they cost.
var userColumnFamilies = []struct {
	name string
	cols []string
}{
	{"none", nil},
	{"_fields", []string{table.ColFields}},
	// Distinct on (almost) every row: written plain.
	{"unique-strings", []string{"id", "displayName", "userPrincipalName", "mail", "officeLocation", "mobilePhone"}},
	// Repeating values: dictionary encoded.
	{"repeating-strings", []string{"givenName", "surname", "jobTitle", "department"}},
	{"accountEnabled", []string{"accountEnabled"}},
	// The 23 declared columns no selected property fills: null on every row.
	{"absent", []string{"mailNickname", "companyName", "businessPhones", "userType", "employeeId", "employeeType",
		"city", "state", "country", "streetAddress", "postalCode", "usageLocation", "preferredLanguage", "otherMails",
		"proxyAddresses", "createdDateTime", "employeeHireDate", "lastPasswordChangeDateTime", "onPremisesSyncEnabled",
		"onPremisesImmutableId", "onPremisesSamAccountName", "onPremisesLastSyncDateTime", "managerId"}},
	{"_seq", []string{table.ColSeq}},
	// The same value on every row: strings (_tenant is the writer's:
	// Options.Tenant is left empty) and numbers.
	{"constant-strings", []string{table.ColOp, table.ColStream, table.ColTenant}},
	{"constant-numbers", []string{table.ColRound, table.ColSyncedAt}},
	// Null on every row.
	{"null-meta", []string{table.ColRemovedReason, table.ColExtra}},
}

// BenchmarkWriteUsersColumns measures the host's Parquet writing of the
// users benchmark's batches, built by the users plugin's own table from
// the emulator's values, with the lake's writer properties and the
// host's _tenant. Each iteration writes the round once whole and once
// without each family of columns in turn, so that the families are
// measured side by side under the same load: "cpu-ns/row" is the whole
// round's CPU per row, "ns/row-<family>" what dropping the family saves.
func BenchmarkWriteUsersColumns(b *testing.B) {
	const n = 60_000
	batches := pluginUserBatches(b, n, 6000)
	recs := make([][]arrow.RecordBatch, len(userColumnFamilies))
	for i, fam := range userColumnFamilies {
		for _, r := range batches {
			recs[i] = append(recs[i], withoutColumns(r, fam.cols))
		}
	}
	defer func() {
		for _, r := range slices.Concat(append(recs, batches)...) {
			r.Release()
		}
	}()
	cpu := make([]time.Duration, len(userColumnFamilies))
	var bytes int64
	for b.Loop() {
		for i, fam := range userColumnFamilies {
			tenant := benchTenant
			if slices.Contains(fam.cols, table.ColTenant) {
				tenant = ""
			}
			runtime.GC() // the last variant's garbage is not this one's
			start := cputime.Self(b)
			size := writeBenchRound(b, recs[i], tenant)
			cpu[i] += cputime.Self(b) - start
			if fam.cols == nil {
				bytes = size
			}
		}
	}
	perRow := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N*n) }
	for i, fam := range userColumnFamilies {
		if fam.cols == nil {
			b.ReportMetric(perRow(cpu[i]), "cpu-ns/row")
		} else {
			b.ReportMetric(perRow(cpu[0])-perRow(cpu[i]), "ns/row-"+fam.name)
		}
	}
	b.ReportMetric(float64(bytes)/1e6, "parquet-MB")
}

// writeBenchRound writes recs as the users table of one round into a
// fresh local lake and returns the Parquet bytes written.
func writeBenchRound(b *testing.B, recs []arrow.RecordBatch, tenant string) int64 {
	s, err := newBenchLake(b)
	if err != nil {
		b.Fatal(err)
	}
	w := parquetout.New(parquetout.Options{Store: s, Round: 1, RunID: "r", Date: time.Now(), Tenant: tenant})
	for _, rec := range recs {
		if err := w.Write(b.Context(), "users", rec); err != nil {
			b.Fatal(err)
		}
	}
	files, err := w.Close(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	var bytes int64
	for _, f := range files {
		bytes += f.Bytes
	}
	return bytes
}
