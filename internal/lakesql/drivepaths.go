package lakesql

import "fmt"

// Drive item paths: a table named driveTable with the columns below (the
// drives plugin's drive_items) gets driveTable_paths over its current
// view: every item's path as the current folder tree gives it. The stored
// path column is the item's path when its row was last written; Graph's
// delta does not return the items under a renamed or moved folder, so
// their stored paths lag, while parentId and name always hold.
const (
	driveTable     = "drive_items"
	driveID        = "driveId"
	driveItemID    = "id"
	driveParent    = "parentId"
	driveName      = "name"
	drivePathCol   = "path"
	drivePathDepth = "depth"
	pathsSuffix    = "_paths"
	// MaxDriveDepth bounds the levels below the root drive_items_paths
	// follows; deeper items are left out (their stored path still holds
	// their path as last written). Athena's engine (Trino) fails a
	// recursive query past ten levels (its max_recursion_depth), so the
	// bound is MaxNestingDepth's, in DuckDB too, for one answer in both.
	MaxDriveDepth = MaxNestingDepth
)

// hasDriveTree reports whether t is a drive items table the paths view
// can follow.
func hasDriveTree(t Table) bool {
	return t.Name == driveTable && len(t.missing([]string{driveID, driveItemID, driveParent, driveName})) == 0
}

// drivePathsView is the CREATE VIEW of every current drive item reachable
// from its drive's root (an item without parentId) through current
// folders: driveId, id, its path ("/" for the root, "/a/b.txt") and its
// depth. An item whose folder is not current (deleted, or not yet
// written) is left out.
func drivePathsView(lake Lake, t Table) string {
	cur := lake.name(t.Name + "_current")
	d, id, p, n, path, depth := quote(driveID), quote(driveItemID), quote(driveParent), quote(driveName), quote(drivePathCol), quote(drivePathDepth)
	tree := quote("tree")
	return fmt.Sprintf(`CREATE OR REPLACE VIEW %[1]s AS
WITH RECURSIVE %[2]s (%[3]s, %[4]s, %[5]s, %[6]s) AS (
  SELECT %[3]s, %[4]s, CAST('/' AS VARCHAR), 0
  FROM %[7]s
  WHERE %[8]s IS NULL
  UNION ALL
  SELECT c.%[3]s, c.%[4]s, CASE WHEN t.%[5]s = '/' THEN '/' || c.%[9]s ELSE t.%[5]s || '/' || c.%[9]s END, t.%[6]s + 1
  FROM %[2]s AS t
  JOIN %[7]s AS c ON c.%[3]s = t.%[3]s AND c.%[8]s = t.%[4]s
  WHERE t.%[6]s < %[10]d
)
SELECT %[3]s, %[4]s, %[5]s, %[6]s
FROM %[2]s;
`, lake.name(t.Name+pathsSuffix), tree, d, id, path, depth, cur, p, n, MaxDriveDepth)
}
