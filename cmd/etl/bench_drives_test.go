package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// driveBenchSize is a tenant for the drives benchmark: OneDrives of items
// each.
type driveBenchSize struct{ drives, items int }

// driveBenchFigures are one round's figures and the Graph requests it
// made.
type driveBenchFigures struct {
	roundFigures
	requests int64
}

// BenchmarkDrivesRound syncs GRAPHLAKE_BENCH_DRIVES OneDrives (default
// 1000) of GRAPHLAKE_BENCH_DRIVE_ITEMS items each (default 1000: a folder
// tree of small files) through the real etl binary and plugin process
// against the emulator on loopback HTTPS: an initial round, then about 1%
// of the items changed (creates, edits, a rename, a move, a deleted file
// in every drive) and an incremental round. Run it once:
//
//	go test ./cmd/etl -run '^$' -bench BenchmarkDrivesRound -benchtime 1x -timeout 60m
func BenchmarkDrivesRound(b *testing.B) {
	size := driveBenchSize{drives: 1000, items: 1000}
	size.drives = benchSetting("GRAPHLAKE_BENCH_DRIVES", size.drives, 1)
	size.items = benchSetting("GRAPHLAKE_BENCH_DRIVE_ITEMS", size.items, 1)
	srv, err := graphtest.NewServer(driveBenchOptions(size))
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	for b.Loop() {
		initial, incremental := runDriveBench(b, srv)
		for _, r := range []struct {
			name string
			fig  driveBenchFigures
		}{{"initial", initial}, {"incr", incremental}} {
			b.ReportMetric(r.fig.wall.Seconds(), r.name+"-s")
			b.ReportMetric(float64(r.fig.rows)/r.fig.wall.Seconds(), r.name+"-rows/s")
			b.ReportMetric(float64(r.fig.requests), r.name+"-requests")
			b.ReportMetric(float64(r.fig.hostPeakKB)/1024, r.name+"-host-MB")
			b.ReportMetric(float64(r.fig.pluginPeakKB)/1024, r.name+"-plugin-MB")
		}
	}
}

func driveBenchOptions(size driveBenchSize) graphtest.Options {
	return graphtest.Options{Seed: 37, Users: size.drives, Drives: graphtest.DriveOptions{OneDrives: size.drives, ItemsPerDrive: size.items}}
}

// runDriveBench runs an initial round into a fresh lake, changes about 1%
// of the items, and runs an incremental round, counting Graph requests.
func runDriveBench(tb testing.TB, srv *graphtest.Server) (initial, incremental driveBenchFigures) {
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), srv.CACertPEM(), 0o600); err != nil {
		tb.Fatal(err)
	}
	pipeline := filepath.Join(dir, "pipeline.hcl")
	text := pipelineHCL(srv, "bench", `destination "local" { path = "lake" }`, `  source "drives" {
    users = ["all"]
  }`)
	if err := os.WriteFile(pipeline, []byte(text), 0o600); err != nil {
		tb.Fatal(err)
	}
	env := []string{"GRAPH_CLIENT_SECRET=" + srv.ClientSecret(), "GRAPHLAKE_STATE_KEY=" + testStateKey}
	measure := func() driveBenchFigures {
		before := srv.RequestCounts()["graph"]
		fig := measureRound(tb, dir, pipeline, env)
		return driveBenchFigures{roundFigures: fig, requests: srv.RequestCounts()["graph"] - before}
	}
	initial = measure()
	if _, err := srv.ChurnDrives(graphtest.DriveChurn{Creates: 3, Edits: 4, Renames: 1, Moves: 1, DeleteFiles: 1}); err != nil {
		tb.Fatal(fmt.Errorf("churn the drives: %w", err))
	}
	incremental = measure()
	return initial, incremental
}

// TestDrivesBenchShort is BenchmarkDrivesRound's short form, part of the
// suite: 40 OneDrives of 100 items.
func TestDrivesBenchShort(t *testing.T) {
	size := driveBenchSize{drives: 40, items: 100}
	srv := graphtest.Start(t, driveBenchOptions(size))
	initial, incremental := runDriveBench(t, srv)
	if want := int64(size.drives * size.items); initial.rows != want {
		t.Errorf("initial round wrote %d rows, want %d (every item of every drive)", initial.rows, want)
	}
	// One users page, a drive lookup per user, and at least one delta
	// page per drive; an incremental round of ten changes per drive fits
	// one page.
	if initial.requests < int64(1+2*size.drives) || incremental.requests != int64(1+2*size.drives) {
		t.Errorf("requests: initial %d, incremental %d, want at least %d and exactly %d", initial.requests, incremental.requests, 1+2*size.drives, 1+2*size.drives)
	}
	if incremental.rows == 0 || initial.pluginPeakKB == 0 || initial.hostPeakKB == 0 {
		t.Errorf("figures %+v, %+v: want rows and memory peaks measured", initial, incremental)
	}
	t.Logf("initial %+v, incremental %+v", initial, incremental)
}
