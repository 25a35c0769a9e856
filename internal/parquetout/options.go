package parquetout

import (
	"fmt"
	"path"
	"time"

	"github.com/graphlake/graphlake/internal/store"
)

// Defaults for Options' sizes.
const (
	DefaultTargetFileBytes = 256 << 20
	DefaultRowGroupBytes   = 64 << 20
	// DefaultRowGroupRows is about what DuckDB puts in a row group
	// (122,880 rows). Narrow rows (users) reach it long before
	// DefaultRowGroupBytes, which keeps the host's memory flat in the size
	// of a round instead of growing up to a 64 MiB row group.
	DefaultRowGroupRows = 128 << 10
)

// Options configures a Writer.
type Options struct {
	// Store receives the files.
	Store store.Store
	// Round is the round number; it leads every file name.
	Round int64
	// RunID is a short random id of this attempt. It goes into file names
	// so a retried round never collides with an orphan of a failed one.
	RunID string
	// Date is the round's partition date; only its UTC day is used.
	Date time.Time
	// TargetFileBytes rolls to a new file once a file reaches this many
	// bytes, written or buffered (default DefaultTargetFileBytes).
	TargetFileBytes int64
	// RowGroupBytes starts a new row group once the buffered one reaches
	// this many compressed bytes (default DefaultRowGroupBytes).
	RowGroupBytes int64
	// RowGroupRows starts a new row group once the buffered one holds this
	// many rows (default DefaultRowGroupRows).
	RowGroupRows int64
	// FirstPart numbers each table's first part; a second writer of the
	// same round (the resync tombstones) starts past the first one's parts
	// so that names never collide.
	FirstPart int
	// ObjectName, when set, names a table's parts instead of the change
	// log's layout (current-state snapshots use it).
	ObjectName func(table string, part int) string
	// SortedByKey says the rows come sorted by the table's key columns
	// (current-state snapshots): the key columns then keep their min and
	// max statistics in every file, since those prune a lookup by key.
	SortedByKey bool
	// KeepEmpty gives a table that was written only empty batches one file
	// holding its schema and no rows; otherwise such a table has no file.
	KeepEmpty bool
	// Tenant, when set, is stamped on every row as the last column,
	// _tenant (table.ColTenant): the host's meta column naming the
	// pipeline's tenant, which plugins neither declare nor write. A batch
	// that has the column already keeps it.
	Tenant string
}

// withDefaults returns o with zero sizes replaced by their defaults.
func (o Options) withDefaults() Options {
	if o.TargetFileBytes <= 0 {
		o.TargetFileBytes = DefaultTargetFileBytes
	}
	if o.RowGroupBytes <= 0 {
		o.RowGroupBytes = DefaultRowGroupBytes
	}
	if o.RowGroupRows <= 0 {
		o.RowGroupRows = DefaultRowGroupRows
	}
	return o
}

// objectName returns the store name of a table's part in the partition
// of day (YYYY-MM-DD; "" for the round's day):
// <table>/date=YYYY-MM-DD/<round>-<part>-<runid>.parquet, unless
// ObjectName says otherwise.
func (o Options) objectName(table, day string, part int) string {
	if o.ObjectName != nil {
		return o.ObjectName(table, part)
	}
	if day == "" {
		day = o.roundDay()
	}
	return path.Join(table, "date="+day, fmt.Sprintf("%010d-%04d-%s.parquet", o.Round, part, o.RunID))
}

// roundDay is the round's partition day, YYYY-MM-DD in UTC.
func (o Options) roundDay() string { return o.Date.UTC().Format(time.DateOnly) }

// File describes a committed Parquet file, as the manifest records it.
type File struct {
	// Table is the table the file belongs to.
	Table string
	// Path is the file's object name in the store.
	Path string
	// Rows is the number of rows in the file.
	Rows int64
	// Bytes is the file's length.
	Bytes int64
	// SHA256 is the hex SHA-256 of the file's bytes.
	SHA256 string
}
