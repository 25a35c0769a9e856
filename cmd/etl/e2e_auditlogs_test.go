package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// auditLogTables are the auditlogs source's tables.
var auditLogTables = []string{"sign_ins", "directory_audits"}

// auditLogTimes are the log tables' event time columns, which partition
// their files.
var auditLogTimes = map[string]string{"sign_ins": "createdDateTime", "directory_audits": "activityDateTime"}

// TestAuditLogsEveryEventOnceThroughTheBinary: rounds of etl run between
// advances of the emulator's log clock, events shown up to 10 minutes
// late, one round killed before its commit and one whose sign-ins page is
// refused part way: after every round each table holds every event the
// emulator shows, exactly once, and the cursor is never in clear in the
// lake or the output.
func TestAuditLogsEveryEventOnceThroughTheBinary(t *testing.T) {
	// The logs' clock starts 20 minutes past the last midnight (UTC), so
	// that their hour of history spans two days, each a partition.
	midnight := time.Now().UTC().Truncate(24 * time.Hour)
	opts := graphtest.Options{Seed: 81, Users: 5, AuditLogs: graphtest.AuditLogOptions{
		SignInsPerHour: 240, AuditsPerHour: 120, History: time.Hour, MaxDelay: 10 * time.Minute, PageSize: 50,
		Start: midnight.Add(20 * time.Minute)}}
	withEachVariantSet(t, opts, func(t *testing.T, opts graphtest.Options) {
		// late-logs delays some events up to 30 minutes.
		h := newHarness(t, opts, `source "auditlogs" {
    overlap = "35m"
  }`)
		var output strings.Builder
		run := func() {
			res := h.mustRun()
			output.WriteString(res.stdout + res.stderr)
		}
		run()
		h.assertEventsOnce("round 1", true)
		h.srv.AdvanceLogs(12 * time.Minute)
		h.runKilledAt(crashpoint.BeforeCommit)
		h.assertNoPluginLeft()
		run()
		h.assertEventsOnce("the round after a kill before the commit", true)
		h.srv.AdvanceLogs(9 * time.Minute)
		if err := h.srv.SetFaults(graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "forbidden", Match: "signIns?%24filter", Times: 1}}}); err != nil {
			t.Fatal(err)
		}
		run()
		h.srv.ClearFaults()
		// The events after the refused page come next round.
		h.assertEventsOnce("a round whose sign-ins stopped part way", false)
		h.srv.AdvanceLogs(20 * time.Minute)
		run()
		h.assertEventsOnce("the round after", true)
		if !strings.Contains(output.String(), "Log read in part") {
			t.Errorf("no round warned of the sign-ins read in part; output:\n%s", output.String())
		}
		h.assertNoClearCursor(output.String())
		// Athena needs an S3 lake; DuckDB's views are generated alike.
		res := h.etl("sql", h.pipeline, "--dialect", "duckdb")
		if res.code != 0 || !strings.Contains(res.stdout, "sign_ins") || !strings.Contains(res.stdout, "directory_audits") {
			t.Fatalf("etl sql --dialect duckdb exited %d without both log tables:\n%s%s", res.code, res.stdout, res.stderr)
		}
		for _, table := range auditLogTables {
			if res := h.etl("show", h.pipeline, table); res.code != 0 || strings.Count(res.stdout, "\n") < 50 {
				t.Fatalf("etl show %s exited %d:\n%s%s", table, res.code, res.stdout, res.stderr)
			}
		}
	})
}

// assertEventsOnce checks that the committed files of the log tables
// together hold each event the emulator shows at most once, and every one
// of them when complete.
func (h *harness) assertEventsOnce(when string, complete bool) {
	h.t.Helper()
	for _, table := range auditLogTables {
		var buf bytes.Buffer
		if err := h.srv.WriteLogState(&buf, table); err != nil {
			h.t.Fatal(err)
		}
		want := map[string]bool{}
		for dec := json.NewDecoder(&buf); dec.More(); {
			var e struct{ ID string }
			if err := dec.Decode(&e); err != nil {
				h.t.Fatal(err)
			}
			want[e.ID] = true
		}
		got := map[string]int{}
		for _, e := range h.history() {
			for _, f := range e.Files {
				if f.Table != table {
					continue
				}
				// The file's partition is its events' day.
				folder := path.Base(path.Dir(f.Path))
				err := parquetin.ReadRows(context.Background(), h.lake(), []parquetin.File{parquetin.Recorded(f)}, func(row map[string]any) error {
					got[row["id"].(string)]++
					at, ok := row[auditLogTimes[table]].(time.Time)
					if !ok || folder != "date="+at.UTC().Format(time.DateOnly) {
						return fmt.Errorf("%s: event %s of %v is in partition %s", when, row["id"], row[auditLogTimes[table]], folder)
					}
					return nil
				})
				if err != nil {
					h.t.Fatal(err)
				}
			}
		}
		for id, n := range got {
			if n != 1 || !want[id] {
				h.t.Fatalf("%s: %s event %s is in the lake %d times (shown by the emulator: %v)", when, table, id, n, want[id])
			}
		}
		if complete && len(got) != len(want) || len(want) < 50 {
			h.t.Fatalf("%s: %s holds %d events, the emulator shows %d", when, table, len(got), len(want))
		}
	}
}

// assertNoClearCursor checks that no file of the lake and no output holds
// a time cursor in clear: the host seals it as a deltaLink.
func (h *harness) assertNoClearCursor(output string) {
	h.t.Helper()
	const marker = "timecursor:"
	if strings.Contains(output, marker) {
		h.t.Fatal("etl's output holds a time cursor in clear")
	}
	err := filepath.WalkDir(filepath.Join(h.dir, "lake"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil && bytes.Contains(data, []byte(marker)) {
			h.t.Errorf("%s holds a time cursor in clear", path)
		}
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
}
