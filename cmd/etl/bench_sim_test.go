package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// simProcess is the emulator run as `etl sim` in its own process, as a
// benchmark's Graph: its heap and collector stay out of the measuring
// process, as a real Graph's would.
type simProcess struct {
	info   simInfo
	caPEM  []byte
	client *http.Client // trusts the emulator's CA; for the admin API
	pid    int          // the emulator's process, whose CPU time benchmarks read
}

// startSim runs `etl sim` with args and waits for its ready line; the
// process stops when the benchmark ends.
func startSim(tb testing.TB, args ...string) *simProcess {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, testBinaries.etl, append([]string{"sim", "--ca-out", filepath.Join(tb.TempDir(), "ca.pem")}, args...)...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cancel()
			<-done
		}
		cancel()
	})
	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	if err != nil {
		tb.Fatalf("etl sim %v: no ready line: %v", args, err)
	}
	s := &simProcess{pid: cmd.Process.Pid}
	if err := json.Unmarshal(line, &s.info); err != nil {
		tb.Fatalf("etl sim ready line %q: %v", line, err)
	}
	if s.caPEM, err = os.ReadFile(s.info.CAFile); err != nil {
		tb.Fatal(err)
	}
	if s.client, err = graph.NewHTTPClient(s.caPEM); err != nil {
		tb.Fatal(err)
	}
	return s
}

// ref is the emulator as a pipeline file names it.
func (s *simProcess) ref() emulatorRef {
	return emulatorRef{graph: s.info.Graph, authority: s.info.Authority, tenant: s.info.Tenant, clientID: s.info.ClientID}
}

// churn applies spec through the admin API.
func (s *simProcess) churn(tb testing.TB, spec graphtest.ChurnSpec) graphtest.ChurnResult {
	var res graphtest.ChurnResult
	s.admin(tb, http.MethodPost, "/churn", spec, &res)
	return res
}

// requests returns the emulator's request counts by kind.
func (s *simProcess) requests(tb testing.TB) map[string]int64 {
	var stats struct {
		Requests map[string]int64 `json:"requests"`
	}
	s.admin(tb, http.MethodGet, "/stats", nil, &stats)
	return stats.Requests
}

// admin calls the admin API, sending in (when not nil) and decoding the
// reply into out.
func (s *simProcess) admin(tb testing.TB, method, path string, in, out any) {
	tb.Helper()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			tb.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.info.Admin+path, body)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		tb.Fatalf("%s %s: %s: %s", method, path, resp.Status, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		tb.Fatalf("%s %s: decode the reply: %v", method, path, err)
	}
}

// simUsersArgs are `etl sim` flags for a tenant of n users and nothing else.
func simUsersArgs(n int) []string {
	return []string{"--seed", "17", "--users", strconv.Itoa(n), "--groups", "0", "--contacts", "0", "--mailboxes", "0"}
}
