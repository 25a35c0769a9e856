package duckdb

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// currentPaths is the README's recursive query of drive items' current
// paths, from parentId and name.
const currentPaths = `WITH RECURSIVE p(driveId, id, path) AS (
  SELECT driveId, id, '/' FROM drive_items_current WHERE parentId IS NULL
  UNION ALL
  SELECT c.driveId, c.id, rtrim(p.path, '/') || '/' || c.name
  FROM drive_items_current c JOIN p ON c.driveId = p.driveId AND c.parentId = p.id
)
SELECT driveId, id, path FROM p`

// TestDriveItemsCurrentViewMatchesTheEmulator: drive_items_current holds
// the emulator's live items (structs of file, folder and people
// included) round after round of churn, and drive_items_paths (as the
// README's recursive query over drive_items_current) gives every item's
// current path, a folder renamed or moved above it included.
func TestDriveItemsCurrentViewMatchesTheEmulator(t *testing.T) {
	l := newLake(t, graphtest.Options{Seed: 95, Users: 4, Drives: graphtest.DriveOptions{OneDrives: 2, Sites: 1, LibrariesPerSite: 1, ItemsPerDrive: 40}},
		"  source \"drives\" {\n    users = [\"all\"]\n    sites = [\""+"https://contoso.sharepoint.com/sites/site1"+"\"]\n  }")
	cols := "driveId, id, name, parentId, size, file, folder, createdBy, lastModifiedBy, eTag"
	for round := 1; round <= 3; round++ {
		l.run()
		db := l.openDuckDB(l.sql("--snapshot", "none"))
		truth := sdktest.Truth(t, l.srv, "drive_items", "driveId", "id")
		var want, wantPaths []map[string]any
		for _, row := range truth {
			w := map[string]any{}
			for _, c := range []string{"driveId", "id", "name", "parentId", "size", "file", "folder", "createdBy", "lastModifiedBy", "eTag"} {
				if v, ok := row[c]; ok {
					w[c] = v
				}
			}
			want = append(want, normal(w).(map[string]any))
			wantPaths = append(wantPaths, map[string]any{"driveId": row["driveId"], "id": row["id"], "path": row["path"]})
		}
		got := sortBy(query(t, db, "SELECT "+cols+" FROM drive_items_current"), "driveId", "id")
		for _, row := range got {
			for k, v := range row {
				if v == nil {
					delete(row, k)
				}
			}
		}
		if len(want) < 40 {
			t.Fatalf("round %d: the emulator has only %d drive items", round, len(want))
		}
		if diff := cmp.Diff(sortBy(want, "driveId", "id"), normalRows(got)); diff != "" {
			t.Fatalf("round %d: drive_items_current differs from the emulator (-emulator +view):\n%s", round, diff)
		}
		if diff := cmp.Diff(sortBy(wantPaths, "driveId", "id"), sortBy(query(t, db, currentPaths), "driveId", "id")); diff != "" {
			t.Fatalf("round %d: the current paths differ from the emulator's (-emulator +query):\n%s", round, diff)
		}
		if diff := cmp.Diff(sortBy(wantPaths, "driveId", "id"), sortBy(query(t, db, "SELECT driveId, id, path FROM drive_items_paths"), "driveId", "id")); diff != "" {
			t.Fatalf("round %d: drive_items_paths differs from the emulator's paths (-emulator +view):\n%s", round, diff)
		}
		if _, err := l.srv.ChurnDrives(graphtest.DriveChurn{Creates: 3, Edits: 2, Renames: 2, Moves: 2, DeleteFiles: 1, DeleteFolders: 1, Restores: 1}); err != nil {
			t.Fatal(fmt.Errorf("churn drives: %w", err))
		}
	}
}

func normalRows(rows []map[string]any) []map[string]any {
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		out[i] = normal(r).(map[string]any)
	}
	return out
}
