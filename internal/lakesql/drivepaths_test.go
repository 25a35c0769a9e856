package lakesql

import (
	"strings"
	"testing"
)

// TestDrivePathsViewOnlyForDriveItems: both dialects write
// drive_items_paths over drive_items_current when the lake has the drive
// items table, bounded at MaxDriveDepth levels, and no such view
// otherwise.
func TestDrivePathsViewOnlyForDriveItems(t *testing.T) {
	every, _ := everyBuiltinTable(t)
	some, _ := builtinTables(t)
	for _, tt := range []struct {
		name   string
		tables []Table
		want   bool
	}{{"with drive_items", every, true}, {"without", some, false}} {
		for _, dialect := range []string{"athena", "duckdb"} {
			t.Run(tt.name+"/"+dialect, func(t *testing.T) {
				var b strings.Builder
				var err error
				if dialect == "athena" {
					err = Athena(&b, tt.tables, fixtureLake(&S3{Bucket: "acme-lake", Prefix: "graph"}))
				} else {
					err = DuckDB(&b, tt.tables, fixtureLake(nil))
				}
				if err != nil {
					t.Fatal(err)
				}
				sql := b.String()
				has := strings.Contains(sql, `VIEW "drive_items_paths" AS`)
				if has != tt.want {
					t.Fatalf("drive_items_paths written %v, want %v", has, tt.want)
				}
				if has && (!strings.Contains(sql, `FROM "drive_items_current"`) || !strings.Contains(sql, `WHERE t."depth" < 10`)) {
					t.Errorf("drive_items_paths does not follow drive_items_current to %d levels:\n%s", MaxDriveDepth, sql)
				}
			})
		}
	}
}
