package main

import (
	"os"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestBadInputGetsOneClearMessage(t *testing.T) {
	tests := []struct {
		name     string
		pipeline func(h *harness) // edits the harness before the run
		wantCode int
		want     []string
	}{
		{"a syntax error names the file and line", func(h *harness) {
			h.rewrite(`destination "local" { path = "lake" }`, `destination "local" { path = "lake" `)
		}, exitConfig, []string{"pipeline.hcl line 11", "closing brace"}},
		{"an unknown attribute is named with a suggestion", func(h *harness) {
			h.rewrite(`tenant_id`, `tenant_idd`)
		}, exitConfig, []string{"pipeline.hcl line 5", `"tenant_idd" is not expected here. Did you mean "tenant_id"?`}},
		{"an unknown source attribute is named by the plugin at its line", func(h *harness) {
			h.writePipeline(`source "users" { selct = ["displayName"] }`)
		}, exitConfig, []string{"pipeline.hcl line 12", `"selct"`, "select"}},
		{"a missing secret names the variable", func(h *harness) {
			h.env = h.env[1:]
		}, exitConfig, []string{"GRAPH_CLIENT_SECRET"}},
		{"a wrong secret says which attribute to fix", func(h *harness) {
			h.env[0] = "GRAPH_CLIENT_SECRET=wrong"
		}, exitFailure, []string{"client secret is wrong", "client_secret", "AADSTS7000215"}},
		{"an unreachable Graph endpoint is reported and nothing is committed", func(h *harness) {
			h.rewrite(h.srv.GraphURL(), "https://127.0.0.1:1/v1.0")
		}, exitFailure, []string{"nothing committed", "127.0.0.1:1"}},
		{"a crashing plugin is named with its last words", func(h *harness) {
			h.writePipeline(`source "users" {
    plugin = "` + testBinaries.crashPlugin + `"
    crash_after_items = 5
  }`)
		}, exitFailure, []string{"exited during the round", "deliberate crash after 5 items", "nothing committed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, graphtest.Options{Seed: 13, Users: 20}, `source "users" {}`)
			tt.pipeline(h)
			res := h.etl("run", h.pipeline)
			if res.code != tt.wantCode {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, tt.wantCode, res.stdout, res.stderr)
			}
			mustContain(t, "stderr", res.stderr, tt.want...)
			if n := strings.Count(res.stderr, "etl:"); n > 1 {
				t.Errorf("%d error lines, want one:\n%s", n, res.stderr)
			}
			if strings.Contains(res.stderr+res.stdout, h.srv.ClientSecret()) {
				t.Errorf("the client secret appears in the output")
			}
			if len(h.history()) != 0 {
				t.Errorf("a failed run committed a round")
			}
		})
	}
}

// rewrite replaces text in the pipeline file.
func (h *harness) rewrite(old, new string) {
	h.t.Helper()
	b, err := os.ReadFile(h.pipeline)
	if err != nil {
		h.t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		h.t.Fatalf("the pipeline has no %q", old)
	}
	if err := os.WriteFile(h.pipeline, []byte(strings.Replace(string(b), old, new, 1)), 0o600); err != nil {
		h.t.Fatal(err)
	}
}
