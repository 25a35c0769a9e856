package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// benchUserSelect is the benchmark's $select: ten properties.
const benchUserSelect = `["displayName", "givenName", "surname", "userPrincipalName", "mail", "jobTitle", "department", "officeLocation", "mobilePhone", "accountEnabled"]`

// benchUserChanges is how many users an incremental round finds changed.
const benchUserChanges = 1000

// BenchmarkUsers syncs a tenant of users through the real etl binary and
// its users plugin process against the emulator, `etl sim` in a process of
// its own, on loopback HTTPS. For each size in GRAPHLAKE_BENCH_USERS (comma
// separated; default 100000,1000000) it runs, each as a sub-benchmark:
//
//   - ceiling-fetch: a bare HTTP client follows the round's pages and
//     discards them; ceiling-decode also decodes each page into Go structs
//     with encoding/json. Both are the most the client side could do.
//   - local: an initial round into a fresh local lake.
//   - local-inprocess: the same with the plugin inside the host.
//   - s3: an initial round into a fresh bucket of versitygw on loopback.
//   - incremental: 1,000 users changed (created, updated, deleted), then a
//     round against the local lake.
//
// Each iteration is one round; its metrics are that round's figures, so
// benchstat over -count runs gives their medians (see BENCHMARKS.md):
//
//	go test ./cmd/etl -run '^$' -bench 'BenchmarkUsers' -benchtime 1x -count 3 -timeout 60m
func BenchmarkUsers(b *testing.B) {
	for _, users := range benchUserSizes(b, []int{100_000, 1_000_000}) {
		b.Run(fmt.Sprintf("users=%d", users), func(b *testing.B) {
			parent := b
			srv := startSim(b, simUsersArgs(users)...)
			b.Run("ceiling-fetch", func(b *testing.B) { benchCeiling(b, srv, false) })
			b.Run("ceiling-decode", func(b *testing.B) { benchCeiling(b, srv, true) })
			var synced *usersBench
			b.Run("local", func(b *testing.B) {
				for b.Loop() {
					// The parent's folder outlives this sub-benchmark, for
					// the incremental one.
					synced = newUsersBench(parent, srv, nil)
					synced.report(b, synced.round(b))
				}
			})
			b.Run("local-inprocess", func(b *testing.B) {
				for b.Loop() {
					ub := newUsersBench(b, srv, nil)
					ub.args = []string{"--in-process"}
					ub.report(b, ub.round(b))
				}
			})
			b.Run("s3", func(b *testing.B) {
				s3 := s3test.Start(b)
				for b.Loop() {
					ub := newUsersBench(b, srv, s3)
					ub.report(b, ub.round(b))
				}
			})
			b.Run("incremental", func(b *testing.B) {
				if synced == nil {
					synced = newUsersBench(b, srv, nil)
					synced.round(b)
				}
				for seed := int64(1); b.Loop(); seed++ {
					b.StopTimer()
					_, _ = churnUsers(b, srv, benchUserChanges, seed)
					before := srv.requests(b)
					b.StartTimer()
					fig := synced.round(b)
					after := srv.requests(b)
					synced.report(b, fig)
					b.ReportMetric(float64(after["graph"]-before["graph"]), "graph-requests")
					b.ReportMetric(float64(after["identity"]-before["identity"]), "token-requests")
				}
			})
		})
	}
}

// TestUsersBenchShort is BenchmarkUsers' short form, part of the suite: a
// small tenant through every mode, each round's rows checked.
func TestUsersBenchShort(t *testing.T) {
	const users = 2000
	srv := startSim(t, simUsersArgs(users)...)
	s3 := s3test.Start(t)
	for _, mode := range []struct {
		name string
		s3   *s3test.Server
		args []string
	}{{name: "local"}, {name: "local-inprocess", args: []string{"--in-process"}}, {name: "s3", s3: s3}} {
		t.Run(mode.name, func(t *testing.T) {
			ub := newUsersBench(t, srv, mode.s3)
			ub.args = mode.args
			fig := ub.round(t)
			if fig.rows != users || fig.parquetBytes == 0 || fig.hostPeakKB == 0 {
				t.Fatalf("initial round %+v: want %d rows, Parquet bytes and the host's peak memory", fig, users)
			}
			if mode.args == nil && fig.pluginPeakKB == 0 {
				t.Fatalf("initial round %+v: want the plugin's peak memory", fig)
			}
			createdOrDeleted, changed := churnUsers(t, srv, 40, 1)
			before := srv.requests(t)["users.delta"]
			fig = ub.round(t)
			// At most one row per user changed, and none for a user whose
			// only change was to a property not selected; all on one page.
			if requests := srv.requests(t)["users.delta"] - before; fig.rows < int64(createdOrDeleted) || fig.rows > int64(changed) || requests != 1 {
				t.Fatalf("incremental round %+v after %d requests: want %d to %d rows from one request", fig, requests, createdOrDeleted, changed)
			}
		})
	}
}

// benchUserSizes reads GRAPHLAKE_BENCH_USERS; def when it is unset.
func benchUserSizes(b *testing.B, def []int) []int {
	spec := os.Getenv("GRAPHLAKE_BENCH_USERS")
	if spec == "" {
		return def
	}
	var sizes []int
	for _, f := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			b.Fatalf("GRAPHLAKE_BENCH_USERS=%q: want a comma-separated list of user counts", spec)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// usersBench is a users pipeline against the emulator with its own lake.
type usersBench struct {
	dir, pipeline string
	env, args     []string
	lake          store.Store
	etl           string // the etl binary; "" for the one under test
}

// newUsersBench writes a users pipeline into a fresh folder: a local lake,
// or a fresh bucket of s3 when s3 is not nil.
func newUsersBench(tb testing.TB, srv *simProcess, s3 *s3test.Server) *usersBench {
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), srv.caPEM, 0o600); err != nil {
		tb.Fatal(err)
	}
	ub := &usersBench{dir: dir, pipeline: filepath.Join(dir, "pipeline.hcl"),
		env: []string{"GRAPH_CLIENT_SECRET=" + srv.info.ClientSecret, "GRAPHLAKE_STATE_KEY=" + testStateKey}}
	destination := `destination "local" { path = "lake" }`
	var err error
	if s3 == nil {
		ub.lake, err = store.NewLocal(filepath.Join(dir, "lake"))
	} else {
		bucket := s3.Bucket(tb, "bench")
		destination = s3DestinationHCL(s3, bucket, "", "")
		ub.env = append(ub.env, s3Env()...)
		ub.lake, err = s3Lake(context.Background(), s3, bucket)
	}
	if err != nil {
		tb.Fatal(err)
	}
	text := emulatorPipelineHCL(srv.ref(), "bench", destination, fmt.Sprintf(`  source "users" {
    select = %s
  }`, benchUserSelect))
	if err := os.WriteFile(ub.pipeline, []byte(text), 0o600); err != nil {
		tb.Fatal(err)
	}
	return ub
}

// usersRound is one round's figures.
type usersRound struct {
	roundFigures
	parquetBytes int64
}

// round runs one round and reads the Parquet bytes it committed.
func (ub *usersBench) round(tb testing.TB) usersRound {
	etl := ub.etl
	if etl == "" {
		etl = testBinaries.etl
	}
	fig := usersRound{roundFigures: measureRoundWith(tb, etl, ub.dir, ub.pipeline, ub.env, ub.args...)}
	entries, err := manifest.History(context.Background(), ub.lake)
	if err != nil {
		tb.Fatal(err)
	}
	newest := slices.MaxFunc(entries, func(x, y *manifest.Committed) int { return int(x.Round - y.Round) })
	for _, f := range newest.Files {
		fig.parquetBytes += f.Bytes
	}
	return fig
}

// report sets the benchmark's metrics to one round's figures.
func (ub *usersBench) report(b *testing.B, fig usersRound) {
	secs := fig.wall.Seconds()
	b.ReportMetric(secs, "round-s")
	b.ReportMetric(float64(fig.rows)/secs, "rows/s")
	b.ReportMetric(float64(fig.parquetBytes)/1e6/secs, "parquet-MB/s")
	b.ReportMetric(float64(fig.parquetBytes)/1e6, "parquet-MB")
	b.ReportMetric(float64(fig.hostPeakKB)/1024, "host-peak-MB")
	b.ReportMetric(float64(fig.pluginPeakKB)/1024, "plugin-peak-MB")
}

// churnUsers creates, updates and deletes n users in all (1:2:1), the
// choices drawn from seed. It returns how many users it created or deleted
// and how many distinct users it changed in all.
func churnUsers(tb testing.TB, srv *simProcess, n int, seed int64) (createdOrDeleted, changed int) {
	res := srv.churn(tb, graphtest.ChurnSpec{Resource: "users", Creates: n / 4, Updates: n / 2, Deletes: n / 4, Seed: seed})
	ids := map[string]bool{}
	for _, list := range [][]string{res.Created, res.Updated, res.Deleted, res.Restored} {
		for _, id := range list {
			ids[id] = true
		}
	}
	return len(res.Created) + len(res.Deleted), len(ids)
}
