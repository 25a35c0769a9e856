package lakesql

import (
	"strings"
	"time"
)

// Lake is what the SQL needs to know of a lake besides its tables. Inspect
// fills most of it from the manifest.
type Lake struct {
	// Pipeline names the pipeline, for the header.
	Pipeline string
	// Tenant is the pipeline's tenant id (its graph block's tenant_id):
	// the views' _tenant of the rows whose files predate the column (see
	// table.ColTenant); "" leaves those null.
	Tenant string
	// S3 places the lake in a bucket; nil for a local folder, whose paths
	// the SQL gives relative to the lake's root.
	S3 *S3
	// Round is the latest committed round when the SQL was generated.
	Round int64
	// FirstDay is the UTC day round 1 started: the first date partition.
	FirstDay time.Time
	// Snapshots pins each table's current view to a snapshot; a table
	// without one folds its whole change log.
	Snapshots map[string]Snapshot
	// Sharded says that shards commit in manifest chains of their own
	// (_manifest/shards/<index>-of-<count>/), which the SQL reads as well.
	Sharded bool
	// Unwritten names the tables that had no data file when the SQL was
	// generated: DuckDB cannot read a folder without one.
	Unwritten map[string]bool
	// AsOf pins every view to a past round; nil for the latest state.
	AsOf *AsOf
	// Prefix starts the name of every view and table the SQL creates: a
	// lake's own views under a union of several (see Union); "" alone.
	Prefix string
	// Root, for a local lake, is its folder's absolute path: paths start
	// there instead of being relative to it (a union reads several).
	Root string
}

// name is the SQL identifier of one of the lake's views.
func (l Lake) name(view string) string { return quote(l.Prefix + view) }

// ddlName is the identifier of one of the lake's Athena tables in DDL.
func (l Lake) ddlName(table string) string { return backtick(l.Prefix + table) }

// S3 is an S3 lake's bucket and how to reach it (no credentials).
type S3 struct {
	Bucket, Prefix, Region string
	// Endpoint is an S3-compatible store's URL; empty for Amazon S3.
	Endpoint  string
	PathStyle bool
	// Profile is the shared-config profile the pipeline uses, if any.
	Profile string
}

// Snapshot is a table's current state at a round, as the latest manifest
// entry names it.
type Snapshot struct {
	// Round is the round whose state the snapshot holds.
	Round int64
	// ID is the snapshot's folder value: current/<table>/snapshot=<ID>/.
	ID string
	// Files are its Parquet files' object names; none when the table had
	// no live row.
	Files []string
	// Reread counts the rounds up to Round whose change-log rows the
	// views read as well: in a sharded lake, a shard may commit a round at
	// or below the snapshot's after the snapshot, which does not hold it
	// (manifest.CurrentRef.Covers). The rows of those rounds the snapshot
	// does hold are then read again, which the fold allows: a key's last
	// change is in the snapshot's row, and its values with it.
	Reread int64
	// Since is a day no later than the date partition of any round after
	// Round (its start day, less a day for clocks that disagree).
	Since time.Time
}

// root is the prefix of every object's location: "" for a local lake
// (paths relative to its folder), else s3://bucket/prefix/.
func (l Lake) root() string {
	if l.S3 == nil {
		if l.Root != "" {
			return strings.TrimSuffix(l.Root, "/") + "/"
		}
		return ""
	}
	root := "s3://" + l.S3.Bucket + "/"
	if p := strings.Trim(l.S3.Prefix, "/"); p != "" {
		root += p + "/"
	}
	return root
}

// location is an object's path as DuckDB or Athena reads it.
func (l Lake) location(name string) string { return l.root() + name }

// day formats a UTC day as the date partition spells it.
func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }
