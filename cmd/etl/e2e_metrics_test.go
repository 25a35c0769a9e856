package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// TestRunServesMetrics: `etl run --watch --metrics-addr` serves the
// round's Prometheus metrics after it committed: rounds by outcome, rows
// and bytes by table, streams by status, the round's duration, the time
// of the last success, and the plugin's Graph requests and throttling
// waits by source and status.
func TestRunServesMetrics(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 5, Users: 30}, `  schedule = "1h"
  source "users" {}`)
	retryAfter := 0.25
	if err := h.srv.SetFaults(graphtest.FaultConfig{Rules: []graphtest.FaultRule{
		{Kind: "throttle", Match: "/users/delta", Times: 1, RetryAfter: &retryAfter}}}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := h.command(ctx, "run", h.pipeline, "--watch", "--metrics-addr", addr)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		<-exited
	}()
	var body string
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if body = scrape(addr); strings.Contains(body, `graphlake_rounds_total{outcome="committed",pipeline="e2e"} 1`) {
			break
		}
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("etl run --watch exited (%v) before serving the round's metrics:\n%s", err, out.String())
		default:
		}
	}
	for _, want := range []string{
		`graphlake_rounds_total{outcome="committed",pipeline="e2e"} 1`,
		`graphlake_rows_total{pipeline="e2e",table="users"} 30`,
		`graphlake_bytes_total{pipeline="e2e",table="users"}`,
		`graphlake_streams_total{pipeline="e2e",status="changed"} 1`,
		`graphlake_warnings_total{pipeline="e2e"} 0`,
		`graphlake_round_duration_seconds_count{pipeline="e2e"} 1`,
		`graphlake_last_success_timestamp_seconds{pipeline="e2e"}`,
		`graphlake_graph_requests_total{pipeline="e2e",source="users",status="200"} 1`,
		`graphlake_graph_requests_total{pipeline="e2e",source="users",status="429"} 1`,
		`graphlake_graph_waits_total{pipeline="e2e",source="users",status="429"} 1`,
		`graphlake_graph_wait_seconds_total{pipeline="e2e",source="users",status="429"} 0.25`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s:\n%s", want, grepGraphlake(body))
		}
	}
}

// scrape GETs the metrics page; "" when it cannot.
func scrape(addr string) string {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// grepGraphlake keeps the graphlake_ lines of a metrics page.
func grepGraphlake(body string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, "graphlake_") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
