package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestValidateAndHistoryDescribeThePipeline(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 16, Users: 25}, `source "users" {}`)
	if res := h.etl("validate", h.pipeline); res.code != 0 || !strings.Contains(res.stdout, `pipeline "e2e" is valid`) {
		t.Fatalf("etl validate = %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	h.mustRun()
	h.mustRun()
	res := h.etl("history", h.pipeline, "--json")
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	if res.code != 0 || len(lines) != 2 {
		t.Fatalf("etl history --json = %d, %d lines\n%s%s", res.code, len(lines), res.stdout, res.stderr)
	}
	var newest struct {
		Round  int64  `json:"round"`
		SHA256 string `json:"sha256"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &newest); err != nil || newest.Round != 2 || len(newest.SHA256) != 64 {
		t.Errorf("newest history line = %s (%v), want round 2 with its sha256", lines[0], err)
	}
	if res := h.etl("history", h.pipeline); !strings.Contains(res.stdout, "ROUND") || strings.Count(res.stdout, "\n") != 3 {
		t.Errorf("etl history table:\n%s", res.stdout)
	}
}

func TestDemoSyncsChangesAndPrintsAQuery(t *testing.T) {
	h := &harness{t: t, dir: t.TempDir()}
	res := h.etl("demo", "--dir", filepath.Join(h.dir, "lake"))
	if res.code != 0 {
		t.Fatalf("etl demo exited %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	mustContain(t, "etl demo's output", res.stdout, "round 1 committed: 100 rows", "round 2 committed: 18 rows (3 deletes)", "duckdb -init lake.sql", "FROM users_current")
	sql, err := os.ReadFile(filepath.Join(h.dir, "lake", "lake.sql"))
	if err != nil || !strings.Contains(string(sql), `CREATE OR REPLACE VIEW "users_current"`) {
		t.Errorf("the demo's lake.sql (%v) has no users_current view:\n%.400s", err, sql)
	}
	if res := h.etl("demo", "--dir", filepath.Join(h.dir, "lake")); res.code != 0 || !strings.Contains(res.stdout, "replacing the demo lake") {
		t.Errorf("a second etl demo = %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}
