package drives_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/drives"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// columns are the compared columns: the table's, but path and webUrl,
// which change with a folder above the item that delta does not return.
var columns = []string{"driveId", "id", "name", "parentId", "driveType", "size", "file", "folder",
	"createdBy", "lastModifiedBy", "createdDateTime", "lastModifiedDateTime", "eTag"}

// truth returns the emulator's drive items as the lake's rows read.
func truth(t *testing.T, srv *graphtest.Server) []map[string]any {
	t.Helper()
	rows := sdktest.Truth(t, srv, drives.ItemsTable, "driveId", "id")
	for _, r := range rows {
		r["driveType"] = r["parentReference"].(map[string]any)["driveType"]
	}
	return rows
}

func project(rows []map[string]any, cols ...string) []any {
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

// assertDrives compares the lake's drive_items with the emulator's: every
// column, and paths built from the lake's tree; exact also compares the
// stored path column (right after a full round).
func assertDrives(t *testing.T, r *sdktest.Runner, srv *graphtest.Server, when string, exact bool) {
	t.Helper()
	want, got := truth(t, srv), r.State(drives.ItemsTable)
	if len(want) < 10 {
		t.Fatalf("%s: the emulator has only %d drive items", when, len(want))
	}
	if diff := cmp.Diff(project(want, columns...), project(got, columns...)); diff != "" {
		t.Fatalf("%s: the lake's drive_items differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
	paths := drives.CurrentPaths(got)
	for _, w := range want {
		k := w["driveId"].(string) + "/" + w["id"].(string)
		if paths[k] != w["path"] {
			t.Fatalf("%s: item %s: the lake's tree gives path %q, want %q", when, k, paths[k], w["path"])
		}
	}
	if exact {
		if diff := cmp.Diff(project(want, "driveId", "id", "path", "webUrl"), project(got, "driveId", "id", "path", "webUrl")); diff != "" {
			t.Fatalf("%s: stored paths differ (-emulator +lake):\n%s", when, diff)
		}
	}
}

func config(t *testing.T, c drives.Config) string {
	t.Helper()
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

var churn = graphtest.DriveChurn{Creates: 4, Edits: 3, RapidEdits: 3, Renames: 2, Moves: 2, DeleteFiles: 2, DeleteFolders: 1, Restores: 1}

func TestDrivesMatchTheEmulatorOverRoundsOfChurn(t *testing.T) {
	for _, vs := range [][]graphtest.Variant{nil, {graphtest.DriveRemovedAnnotation}, {graphtest.DriveNextAndDelta},
		{graphtest.DriveDeletedChildrenOmitted}, {graphtest.DriveParentPath}, {graphtest.DriveRepeats}, {graphtest.DriveInitialDeletions},
		{graphtest.DriveRemovedAnnotation, graphtest.DriveNextAndDelta, graphtest.DriveDeletedChildrenOmitted, graphtest.DriveParentPath, graphtest.DriveRepeats, graphtest.DriveInitialDeletions, graphtest.ServerErrors}} {
		t.Run(fmt.Sprint(vs), func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 21, Users: 6, Variants: vs,
				Drives: graphtest.DriveOptions{OneDrives: 3, Sites: 1, LibrariesPerSite: 2, ItemsPerDrive: 50, PageSize: 9}})
			r := sdktest.New(t, srv, drives.New())
			cfg := config(t, drives.Config{Users: []string{"all"}, Sites: []string{srv.Sites()[0][1]}})
			r.Sync(cfg)
			assertDrives(t, r, srv, "after the first round", true)
			for i := range 3 {
				if _, err := srv.ChurnDrives(churn); err != nil {
					t.Fatal(err)
				}
				round := r.Sync(cfg)
				assertDrives(t, r, srv, fmt.Sprintf("after churn round %d", i+1), false)
				var deletes int64
				for _, cp := range round.Checkpoints {
					deletes += cp.Deletes
				}
				if deletes < int64(len(round.Checkpoints)) {
					t.Errorf("churn round %d: checkpoints count %d deletions in %d drives, each of which lost files", i+1, deletes, len(round.Checkpoints))
				}
			}
			for _, code := range []string{"resyncChangesApplyDifferences", "resyncChangesUploadDifferences"} {
				if err := srv.ResyncDrives(code); err != nil {
					t.Fatal(err)
				}
				if _, err := srv.ChurnDrives(graphtest.DriveChurn{Creates: 2, DeleteFiles: 2}); err != nil {
					t.Fatal(err)
				}
				round := r.Sync(cfg)
				for _, cp := range round.Checkpoints {
					if cp.Mode != sdk.ModeResync || cp.Status != sdk.StatusOK {
						t.Errorf("after a %s resync: stream %s ended %s/%s, want a full resync round", code, cp.Stream, cp.Mode, cp.Status)
					}
				}
				assertDrives(t, r, srv, "after a "+code+" resync", true)
			}
		})
	}
}
