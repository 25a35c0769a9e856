package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/drives"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// driveColumns are the drive_items columns compared with the emulator's
// truth; path is compared as the lake's tree gives it, and webUrl, which
// changes with a renamed folder above the item, only after full rounds.
var driveColumns = []string{"driveId", "id", "name", "parentId", "size", "file", "folder",
	"createdBy", "lastModifiedBy", "createdDateTime", "lastModifiedDateTime", "eTag"}

// TestDrivesThroughTheBinary: OneDrives and a site's libraries through etl
// run, over rounds of churn (moves, renames, folders deleted with their
// children, restores) and a 410 resync: after every round the lake's
// drive_items equal the emulator's drives, and no delta token shows in
// the output.
func TestDrivesThroughTheBinary(t *testing.T) {
	opts := graphtest.Options{Seed: 83, Users: 5, Drives: graphtest.DriveOptions{OneDrives: 2, Sites: 1, LibrariesPerSite: 2, ItemsPerDrive: 40, PageSize: 15}}
	withEachVariantSet(t, opts, func(t *testing.T, opts graphtest.Options) {
		h := newHarness(t, opts, "")
		h.writePipeline(fmt.Sprintf(`source "drives" {
    users = ["all"]
    sites = [%q]
  }`, h.srv.Sites()[0][1]))
		var output strings.Builder
		run := func(when string, exact bool) {
			res := h.mustRun()
			output.WriteString(res.stdout + res.stderr)
			h.assertDrives(when, exact)
		}
		run("round 1", true)
		for i := range 2 {
			if _, err := h.srv.ChurnDrives(graphtest.DriveChurn{Creates: 3, Edits: 2, RapidEdits: 2, Renames: 1, Moves: 2, DeleteFiles: 1, DeleteFolders: 1, Restores: 1}); err != nil {
				t.Fatal(err)
			}
			run(fmt.Sprintf("churn round %d", i+1), false)
		}
		if err := h.srv.ResyncDrives("resyncChangesUploadDifferences"); err != nil {
			t.Fatal(err)
		}
		run("a resync", true)
		if strings.Contains(output.String(), "token=") {
			t.Errorf("a drive delta token shows in etl's output:\n%s", output.String())
		}
		if res := h.etl("show", h.pipeline, drives.ItemsTable); res.code != 0 || strings.Count(res.stdout, "\n") < 10 {
			t.Fatalf("etl show %s exited %d:\n%s%s", drives.ItemsTable, res.code, res.stdout, res.stderr)
		}
	})
}

// assertDrives compares drive_items with the emulator's truth; exact also
// compares the stored path and webUrl (after a full round).
func (h *harness) assertDrives(when string, exact bool) {
	h.t.Helper()
	want := h.listedDriveItems()
	got := h.lakeState(drives.ItemsTable, "driveId", "id")
	cols := driveColumns
	if exact {
		cols = append(append([]string(nil), cols...), "path", "webUrl")
	}
	project := func(rows []map[string]any) []any {
		out := make([]any, len(rows))
		for i, r := range rows {
			p := map[string]any{}
			for _, c := range cols {
				if v, ok := r[c]; ok {
					p[c] = v
				}
			}
			out[i] = sdktest.NormaliseDeep(p)
		}
		return out
	}
	if diff := cmp.Diff(project(want), project(got)); diff != "" {
		h.t.Fatalf("%s: the lake's drive_items differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
	paths := drives.CurrentPaths(got)
	for _, w := range want {
		if k := w["driveId"].(string) + "/" + w["id"].(string); paths[k] != w["path"] {
			h.t.Fatalf("%s: item %s: the lake's tree gives path %q, want %q", when, k, paths[k], w["path"])
		}
	}
}

// TestDrivesOnShardsThroughTheBinary: the drives split between 3 shards
// by drive id, then 2 (drives move between shards); every wave's lake
// equals the emulator's drives.
func TestDrivesOnShardsThroughTheBinary(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 84, Users: 6, Drives: graphtest.DriveOptions{OneDrives: 4, Sites: 1, LibrariesPerSite: 3, ItemsPerDrive: 30}}, "")
	h.writePipeline(fmt.Sprintf(`source "drives" {
    users = ["all"]
    sites = [%q]
  }`, h.srv.Sites()[0][0]))
	for i, shards := range []int{3, 3, 2} {
		if i > 0 {
			if _, err := h.srv.ChurnDrives(graphtest.DriveChurn{Creates: 2, Edits: 2, Moves: 1, DeleteFiles: 1, DeleteFolders: 1}); err != nil {
				t.Fatal(err)
			}
		}
		h.runShards(shards)
		h.assertDrives(fmt.Sprintf("wave %d on %d shards", i+1, shards), i == 0)
	}
}

// listedDriveItems is the emulator's drive_items but the OneDrives of
// deleted users: the emulator keeps such a drive, as Microsoft does for a
// while, but users = ["all"] no longer lists its user, so its stream ends
// and its items leave the lake, like the mailbox of a deleted user (a
// OneDrive's root item was created by its owner).
func (h *harness) listedDriveItems() []map[string]any {
	h.t.Helper()
	items := sdktest.Truth(h.t, h.srv, drives.ItemsTable, "driveId", "id")
	live := map[string]bool{}
	for _, u := range h.emulatorState("users") {
		live[u["id"].(string)] = true
	}
	gone := map[any]bool{}
	for _, it := range items {
		ref, _ := it["parentReference"].(map[string]any)
		by, _ := it["createdBy"].(map[string]any)
		user, _ := by["user"].(map[string]any)
		if _, root := it["root"]; root && ref["driveType"] == "business" && !live[fmt.Sprint(user["id"])] {
			gone[it["driveId"]] = true
		}
	}
	return slices.DeleteFunc(items, func(it map[string]any) bool { return gone[it["driveId"]] })
}
