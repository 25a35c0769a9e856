package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkUsersVsFetch measures the users initial round next to its
// ceiling, side by side in one run against one emulator process (`etl sim`):
// each repetition runs a bare client that only fetches the round's pages
// (the fetch-only ceiling, benchCeiling without decoding), then the real
// pipeline (the etl binary and its users plugin process) into a fresh local
// lake. On a shared machine absolute rates drift with the load, so the
// figure that counts is the ratio of the two rates of the same repetition.
// The metrics are medians over GRAPHLAKE_BENCH_REPS repetitions (default 3)
// for each size in GRAPHLAKE_BENCH_USERS (default 300000,1000000):
//
//   - fetch-rows/s and rows/s: the ceiling's and the pipeline's rates;
//     ratio: the pipeline's rate over the ceiling's;
//   - host-cpu-us/row, plugin-cpu-us/row and cpu-us/row: CPU time (user
//     and system) of the host, of its plugin processes and of both, per row;
//   - host-peak-MB, plugin-peak-MB: peak resident memory (VmHWM);
//   - parquet-MB: the bytes the round committed;
//   - sim-cpu-us/page: the emulator's CPU per 200-user page (during the
//     fetch), and sim-cpu-us/empty-page per empty incremental page (a
//     deltaLink followed with no changes);
//   - load1: the machine's one-minute load average during the runs;
//   - cores-busy: the CPU time of host, plugin and emulator during the
//     pipeline's round over its wall time, how many of the machine's cores
//     the three kept busy together;
//   - ratio-bound: the highest ratio the pipeline could reach with the
//     CPU it spent, were it to keep every core busy: the ceiling's wall
//     time over (host + plugin + emulator CPU during the round) divided
//     by the cores (runtime.NumCPU), since the emulator shares the cores;
//   - cpu-us/row-at-0.8: the host and plugin CPU per row that would leave
//     room for 0.8 of the ceiling next to the emulator's CPU, with every
//     core busy (compare with cpu-us/row).
//
// With GRAPHLAKE_BENCH_BASELINE naming another etl binary (say, main's),
// each repetition also runs the pipeline with it, and base-rows/s,
// base-ratio and base-cpu-us/row are its figures: a before and after
// measured side by side under the same load.
//
// Run it once, since it repeats inside (see BENCHMARKS.md):
//
//	go test ./cmd/etl -run '^$' -bench 'BenchmarkUsersVsFetch' -benchtime 1x -timeout 60m
func BenchmarkUsersVsFetch(b *testing.B) {
	sizes := benchUserSizes(b, []int{300_000, 1_000_000})
	reps := benchReps(b)
	for _, users := range sizes {
		b.Run(fmt.Sprintf("users=%d", users), func(b *testing.B) {
			srv := startSim(b, simUsersArgs(users)...)
			for b.Loop() {
				sbs := compareUsersRound(b, srv, users, reps, 2000)
				sbs.log(b)
				sbs.report(b)
			}
		})
	}
}

// TestUsersVsFetchShort is BenchmarkUsersVsFetch's short form, part of the
// suite: a small tenant, one repetition, every figure present.
func TestUsersVsFetchShort(t *testing.T) {
	const users = 4000
	srv := startSim(t, simUsersArgs(users)...)
	sbs := compareUsersRound(t, srv, users, 1, 50)
	sbs.log(t)
	f, p := sbs.fetch[0], sbs.pipeline[0]
	if f.pages != users/200 || p.rows != users {
		t.Fatalf("fetched %d pages, the pipeline committed %d rows: want %d pages of 200 users and %d rows", f.pages, p.rows, users/200, users)
	}
	m := sbs.medians()
	if m["ratio"] <= 0 || m["host-cpu-us/row"] <= 0 || m["plugin-cpu-us/row"] <= 0 ||
		m["host-peak-MB"] <= 0 || m["plugin-peak-MB"] <= 0 || sbs.emptyPages != 50 {
		t.Fatalf("figures %v after %d empty pages: want a ratio, the CPU and memory of host and plugin, and 50 empty pages", m, sbs.emptyPages)
	}
	// The bound is what the ratio would be with every core busy: it cannot
	// be below the ratio reached, and the cores kept busy are at most the
	// machine's. The slack is for CPU times read from /proc in 10 ms
	// ticks, coarse next to a round this short.
	if m["cores-busy"] <= 0 || m["cores-busy"] > float64(runtime.NumCPU())*1.25 || m["ratio-bound"] < m["ratio"]*0.8 {
		t.Fatalf("figures %v on %d cores: want the cores kept busy (at most the machine's) and a ratio bound at least the ratio", m, runtime.NumCPU())
	}
	if _, ok := m["cpu-us/row-at-0.8"]; !ok {
		t.Fatalf("figures %v: want the CPU a row that 0.8 of the ceiling would allow", m)
	}
}

// fetchFigures are one fetch-only round's measurements.
type fetchFigures struct {
	wall   time.Duration
	pages  int
	bytes  int64
	simCPU time.Duration // the emulator's CPU time during the round
	delta  string        // the round's deltaLink
}

// sideBySide is the outcome of compareUsersRound.
type sideBySide struct {
	users    int
	fetch    []fetchFigures
	pipeline []usersRound
	baseline []usersRound // the same with GRAPHLAKE_BENCH_BASELINE's binary
	// pipelineSim is the emulator's CPU during each pipeline round.
	pipelineSim []time.Duration
	load        []float64
	// emptyPages incremental pages cost the emulator emptyCPU.
	emptyPages int
	emptyCPU   time.Duration
}

// compareUsersRound runs reps repetitions of a fetch-only round and a
// pipeline round of the same tenant, then follows the last deltaLink
// through empty pages times to measure the emulator's cost of an empty
// incremental page.
func compareUsersRound(tb testing.TB, srv *simProcess, users, reps, empty int) *sideBySide {
	sbs := &sideBySide{users: users}
	token := emulatorToken(tb, srv)
	baseline := os.Getenv("GRAPHLAKE_BENCH_BASELINE")
	for range reps {
		sbs.load = append(sbs.load, loadAverage(tb))
		sbs.fetch = append(sbs.fetch, fetchRound(tb, srv, token))
		ub := newUsersBench(tb, srv, nil)
		before := simCPU(tb, srv)
		sbs.pipeline = append(sbs.pipeline, ub.round(tb))
		sbs.pipelineSim = append(sbs.pipelineSim, simCPU(tb, srv)-before)
		if baseline != "" {
			base := newUsersBench(tb, srv, nil)
			base.etl = baseline
			sbs.baseline = append(sbs.baseline, base.round(tb))
		}
		sbs.load = append(sbs.load, loadAverage(tb))
	}
	var body bytes.Buffer
	link := sbs.fetch[len(sbs.fetch)-1].delta
	before := simCPU(tb, srv)
	for range empty {
		fetchPage(tb, srv.client, token, link, &body)
		if bytes.Contains(body.Bytes(), []byte(`"id":`)) {
			tb.Fatalf("an incremental page with no changes holds items: %.200s", body.Bytes())
		}
		link = linkOf(tb, body.Bytes(), `"@odata.deltaLink":"`)
		sbs.emptyPages++
	}
	sbs.emptyCPU = simCPU(tb, srv) - before
	return sbs
}

// fetchRound follows one initial round's pages with a bare client, reading
// each into a reused buffer, as benchCeiling does without decoding.
func fetchRound(tb testing.TB, srv *simProcess, token string) fetchFigures {
	sel := strings.NewReplacer(`"`, "", " ", "", "[", "", "]", "").Replace(benchUserSelect)
	var body bytes.Buffer
	var fig fetchFigures
	cpu := simCPU(tb, srv)
	start := time.Now()
	for link := srv.info.Graph + "/users/delta?$select=" + sel; link != ""; {
		fetchPage(tb, srv.client, token, link, &body)
		fig.pages++
		fig.bytes += int64(body.Len())
		if link = nextLinkOf(tb, body.Bytes()); link == "" {
			fig.delta = linkOf(tb, body.Bytes(), `"@odata.deltaLink":"`)
		}
	}
	fig.wall = time.Since(start)
	fig.simCPU = simCPU(tb, srv) - cpu
	if fig.delta == "" {
		tb.Fatalf("the round's last page has no deltaLink")
	}
	return fig
}

// medians are the figures' medians by metric name (see
// BenchmarkUsersVsFetch).
func (s *sideBySide) medians() map[string]float64 {
	per := map[string][]float64{}
	add := func(name string, v float64) { per[name] = append(per[name], v) }
	for i, f := range s.fetch {
		p := s.pipeline[i]
		rows := float64(p.rows)
		fetchRate, rate := float64(s.users)/f.wall.Seconds(), rows/p.wall.Seconds()
		add("fetch-rows/s", fetchRate)
		add("rows/s", rate)
		add("ratio", rate/fetchRate)
		add("host-cpu-us/row", microseconds(p.hostCPU)/rows)
		add("plugin-cpu-us/row", microseconds(p.pluginCPU)/rows)
		add("cpu-us/row", microseconds(p.hostCPU+p.pluginCPU)/rows)
		add("host-peak-MB", float64(p.hostPeakKB)/1024)
		add("plugin-peak-MB", float64(p.pluginPeakKB)/1024)
		add("parquet-MB", float64(p.parquetBytes)/1e6)
		add("sim-cpu-us/page", microseconds(f.simCPU)/float64(f.pages))
		busy := p.hostCPU + p.pluginCPU + s.pipelineSim[i]
		cores := float64(runtime.NumCPU()) // host, plugin and emulator share them
		add("cores-busy", busy.Seconds()/p.wall.Seconds())
		add("ratio-bound", f.wall.Seconds()*cores/busy.Seconds())
		add("cpu-us/row-at-0.8", (microseconds(f.wall)*cores/0.8-microseconds(s.pipelineSim[i]))/rows)
		if i < len(s.baseline) {
			base := s.baseline[i]
			baseRate := float64(base.rows) / base.wall.Seconds()
			add("base-rows/s", baseRate)
			add("base-ratio", baseRate/fetchRate)
			add("base-cpu-us/row", microseconds(base.hostCPU+base.pluginCPU)/float64(base.rows))
		}
	}
	per["load1"] = s.load
	out := map[string]float64{"sim-cpu-us/empty-page": microseconds(s.emptyCPU) / float64(max(s.emptyPages, 1))}
	for name, vs := range per {
		out[name] = median(vs)
	}
	return out
}

// report sets the benchmark's metrics to the medians.
func (s *sideBySide) report(b *testing.B) {
	for name, v := range s.medians() {
		b.ReportMetric(v, name)
	}
}

// log prints each repetition's figures.
func (s *sideBySide) log(tb testing.TB) {
	for i, f := range s.fetch {
		p := s.pipeline[i]
		tb.Logf("rep %d (load %.2f→%.2f): fetch %.2fs %d pages, emulator %s; pipeline %.2fs %d rows, host CPU %s, plugin CPU %s, emulator %s, peak %d/%d MB",
			i+1, s.load[2*i], s.load[2*i+1], f.wall.Seconds(), f.pages, f.simCPU, p.wall.Seconds(), p.rows,
			p.hostCPU, p.pluginCPU, s.pipelineSim[i], p.hostPeakKB/1024, p.pluginPeakKB/1024)
		if i < len(s.baseline) {
			b := s.baseline[i]
			tb.Logf("rep %d baseline: %.2fs %d rows, host CPU %s, plugin CPU %s, peak %d/%d MB", i+1, b.wall.Seconds(), b.rows,
				b.hostCPU, b.pluginCPU, b.hostPeakKB/1024, b.pluginPeakKB/1024)
		}
	}
	tb.Logf("%d empty incremental pages: emulator %s", s.emptyPages, s.emptyCPU)
}

// simCPU is the emulator process's CPU time so far.
func simCPU(tb testing.TB, srv *simProcess) time.Duration {
	cpu, ok := processCPU(srv.pid)
	if !ok {
		tb.Fatalf("read the emulator's CPU time (pid %d)", srv.pid)
	}
	return cpu
}

// loadAverage reads the machine's one-minute load average.
func loadAverage(tb testing.TB) float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		tb.Fatal(err)
	}
	f, err := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	if err != nil {
		tb.Fatalf("/proc/loadavg %q: %v", b, err)
	}
	return f
}

// benchReps reads GRAPHLAKE_BENCH_REPS, the repetitions of a side-by-side
// benchmark (default 3).
func benchReps(b *testing.B) int {
	spec := os.Getenv("GRAPHLAKE_BENCH_REPS")
	if spec == "" {
		return 3
	}
	n, err := strconv.Atoi(spec)
	if err != nil || n <= 0 {
		b.Fatalf("GRAPHLAKE_BENCH_REPS=%q: want a positive count", spec)
	}
	return n
}

func microseconds(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

// median returns the middle value (the mean of the two middle ones).
func median(vs []float64) float64 {
	s := slices.Sorted(slices.Values(vs))
	if len(s) == 0 {
		return 0
	}
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}
