package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/graphlake/graphlake/sdk/wire"
)

// runMetrics are the Prometheus metrics `etl run --metrics-addr` serves,
// fed by each round's outcome (see README, "Metrics").
type runMetrics struct {
	reg         *prometheus.Registry
	rounds      *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	lastSuccess *prometheus.GaugeVec
	rows, bytes *prometheus.CounterVec
	streams     *prometheus.CounterVec
	// warnings counts the plugins' warnings of committed rounds.
	warnings *prometheus.CounterVec
	// graphRequests, graphWaits and graphWaited count what each source's
	// plugin sent to Graph, by status.
	graphRequests, graphWaits, graphWaited *prometheus.CounterVec
	graphBatches, graphBatched             *prometheus.CounterVec
}

func newRunMetrics() *runMetrics {
	m := &runMetrics{reg: prometheus.NewRegistry(),
		rounds: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "graphlake_rounds_total",
			Help: "Rounds run, by outcome (committed, partial, failed, config, conflict, stopped)."}, []string{"pipeline", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "graphlake_round_duration_seconds",
			Help: "Wall time of each round, whatever its outcome.", Buckets: prometheus.ExponentialBuckets(0.5, 2, 16)}, []string{"pipeline"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "graphlake_last_success_timestamp_seconds",
			Help: "Unix time at which the last round that committed (whole or partial) finished."}, []string{"pipeline"}),
		rows: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "graphlake_rows_total",
			Help: "Rows committed, by table."}, []string{"pipeline", "table"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "graphlake_bytes_total",
			Help: "Parquet bytes committed, by table."}, []string{"pipeline", "table"}),
		streams: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "graphlake_streams_total",
			Help: "Streams of committed rounds, by status (changed, unchanged, failed)."}, []string{"pipeline", "status"}),
		warnings: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "graphlake_warnings_total",
			Help: "Warnings the plugins sent in committed rounds (e.g. a round that may be cut short at Graph's cap); etl run --summary lists them."}, []string{"pipeline"}),
		graphRequests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "graphlake_graph_requests_total",
			Help: "Requests the plugins sent to Graph, retries included, by source and HTTP status of the answer (none: no answer)."}, []string{"pipeline", "source", "status"}),
		graphWaits: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "graphlake_graph_waits_total",
			Help: "Waits of the plugins' requests because of a Graph answer (before a retry, or held by another request's Retry-After), by source and HTTP status of that answer (429 and 503: throttling; none: no answer or a body cut short)."},
			[]string{"pipeline", "source", "status"}),
		graphWaited: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "graphlake_graph_wait_seconds_total",
			Help: "Time those waits took, summed over the requests, by source and HTTP status."}, []string{"pipeline", "source", "status"}),
		graphBatches: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "graphlake_graph_batches_total",
			Help: "JSON batches ($batch) the plugins sent to Graph, by source."}, []string{"pipeline", "source"}),
		graphBatched: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "graphlake_graph_batched_requests_total",
			Help: "Requests those batches carried, by source (each also counted in graphlake_graph_requests_total)."}, []string{"pipeline", "source"}),
	}
	m.reg.MustRegister(m.rounds, m.duration, m.lastSuccess, m.rows, m.bytes, m.streams, m.warnings, m.graphRequests, m.graphWaits, m.graphWaited,
		m.graphBatches, m.graphBatched)
	return m
}

// graph returns what counts a source's Graph counts in pipeline's
// metrics, as each source's plugin reports them at the end of its Sync.
func (m *runMetrics) graph(pipeline string) func(source string, stats *wire.GraphStats) {
	return func(source string, stats *wire.GraphStats) {
		for _, s := range stats.Statuses {
			status := "none"
			if s.Status != 0 {
				status = strconv.Itoa(s.Status)
			}
			m.graphRequests.WithLabelValues(pipeline, source, status).Add(float64(s.Requests))
			if s.Waits > 0 {
				m.graphWaits.WithLabelValues(pipeline, source, status).Add(float64(s.Waits))
				m.graphWaited.WithLabelValues(pipeline, source, status).Add(s.Waited.Seconds())
			}
		}
		m.graphBatches.WithLabelValues(pipeline, source).Add(float64(stats.Batches))
		m.graphBatched.WithLabelValues(pipeline, source).Add(float64(stats.BatchedRequests))
	}
}

// observe counts one round; the round itself last, so that a scrape that
// sees it sees its rows too.
func (m *runMetrics) observe(s runSummary, files map[string][2]int64) {
	p := s.Pipeline
	m.duration.WithLabelValues(p).Observe(s.DurationSeconds)
	if s.Outcome == "committed" || s.Outcome == "partial" {
		m.lastSuccess.WithLabelValues(p).Set(float64(s.FinishedAt.UnixNano()) / 1e9)
	}
	for table, rb := range files {
		m.rows.WithLabelValues(p, table).Add(float64(rb[0]))
		m.bytes.WithLabelValues(p, table).Add(float64(rb[1]))
	}
	m.streams.WithLabelValues(p, "changed").Add(float64(s.Streams.Changed))
	m.streams.WithLabelValues(p, "unchanged").Add(float64(s.Streams.Unchanged))
	m.streams.WithLabelValues(p, string(wire.StatusFailed)).Add(float64(s.Streams.Failed))
	m.warnings.WithLabelValues(p).Add(float64(s.WarningCount))
	m.rounds.WithLabelValues(p, s.Outcome).Inc()
}

// serveMetrics serves m on addr (HOST:PORT) at /metrics until ctx ends.
// The listener is open when it returns; a later failure to serve is
// reported on stderr, and the rounds go on.
func serveMetrics(ctx context.Context, stderr io.Writer, addr string, m *runMetrics) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return withCode(exitConfig, fmt.Errorf("--metrics-addr %s: %w", addr, err))
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(stderr, "etl: serving metrics stopped:", err)
		}
	}()
	return nil
}

// filesByTable sums a round's committed rows and bytes by table.
func filesByTable(round roundOutcome) map[string][2]int64 {
	out := map[string][2]int64{}
	if round.result == nil || round.result.Entry == nil {
		return out
	}
	for _, f := range round.result.Entry.Files {
		rb := out[f.Table]
		rb[0], rb[1] = rb[0]+f.Rows, rb[1]+f.Bytes
		out[f.Table] = rb
	}
	return out
}
