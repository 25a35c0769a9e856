package main

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// TestGCDeletesOnlyWhatEtlWrote keeps a lake in the pipeline's own folder
// (path = "."), as the reviewer did, with a state checkpoint and a
// snapshot, plants an orphan part beside the committed ones, and runs
// `etl gc --delete`: the orphan goes, the pipeline file, its CA file and
// a foreign file among the parts are listed as foreign and stay.
func TestGCDeletesOnlyWhatEtlWrote(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 19, Users: 5}, "")
	h.destination = `destination "local" { path = "." }`
	local, err := store.NewLocal(h.dir)
	if err != nil {
		t.Fatal(err)
	}
	h.lakeStore = local
	h.writePipeline(`source "users" {}
  lake { compact_every = 1 }`)
	h.env = append(h.env, "GRAPHLAKE_CHECKPOINT_EVERY=1")
	h.mustRun()
	entries := h.history()
	if len(entries) != 1 || len(entries[0].Files) == 0 || entries[0].State == nil || entries[0].Current == nil {
		t.Fatalf("want one round with files, a checkpoint and a snapshot; got %+v", entries)
	}
	part := entries[0].Files[0].Path
	orphan := strings.Replace(part, entries[0].RunID, "deadbeef", 1)
	notMine := path.Join(path.Dir(part), "notes.parquet")
	for _, name := range []string{orphan, notMine} {
		if err := local.PutIfAbsent(t.Context(), name, []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	res := h.etl("gc", h.pipeline, "--delete", "--min-age", "0s")
	if res.code != 0 {
		t.Fatalf("etl gc --delete exited %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	mustContain(t, "gc's output", res.stdout, "deleted "+local.Location(orphan), "1 objects deleted", "3 foreign objects left alone",
		"foreign\t"+local.Location("pipeline.hcl"), "foreign\t"+local.Location("ca.pem"), "foreign\t"+local.Location(notMine))
	for _, name := range []string{"pipeline.hcl", "ca.pem", notMine} {
		if _, err := os.Stat(filepath.Join(h.dir, filepath.FromSlash(name))); err != nil {
			t.Errorf("gc --delete removed %s: %v", name, err)
		}
	}
	if _, err := os.Stat(local.Location(orphan)); !os.IsNotExist(err) {
		t.Errorf("gc --delete left the orphan part %s (%v)", orphan, err)
	}
	h.assertFilesExist()
	h.assertVerifies()
}
