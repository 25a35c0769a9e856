package manifest

// CurrentRef names a current-state snapshot: every table's live rows after
// round Round, one row per key, sorted by key (package current writes and
// reads them). A table's current state is its snapshot with the change-log
// files of the entries after Round applied.
type CurrentRef struct {
	// Round is the round whose state the snapshot holds.
	Round int64 `json:"round"`
	// Covers, in a sharded lake's snapshot, is the newest round of each
	// chain the snapshot holds, by chain id (CoverKey): shards commit
	// concurrently, so a chain may commit a round at or below Round after
	// the snapshot, which then is not in it. A chain it does not name
	// holds none of it. Absent in a lake of one chain, whose snapshot holds
	// every round up to Round (format 3; see FormatVersion).
	Covers map[string]int64 `json:"covers,omitempty"`
	// Tables are the snapshot's tables, sorted by name.
	Tables []CurrentTable `json:"tables"`
}

// CurrentTable is one table of a snapshot.
type CurrentTable struct {
	// Table is the table's name.
	Table string `json:"table"`
	// Path is the snapshot's folder for the table,
	// current/<table>/snapshot=<round, 20 digits>-<run id>/.
	Path string `json:"path"`
	// Rows counts the live rows.
	Rows int64 `json:"rows"`
	// Files are the table's Parquet files in key order, at least one (an
	// empty table has one file without rows).
	Files []File `json:"files"`
}

// RootCover is the key of the root chain in CurrentRef.Covers.
const RootCover = "root"

// CoverKey is the chain's key in CurrentRef.Covers: its id, "root" for
// the root chain.
func CoverKey(c Chain) string {
	if !c.IsShard() {
		return RootCover
	}
	return c.ID()
}

// Covered is the newest round of chain c the snapshot holds: the
// entries of c after it are applied to the snapshot, the others are in
// it. Without Covers, every chain's rounds up to Round are in it. A nil
// snapshot holds nothing (0).
func (c *CurrentRef) Covered(ch Chain) int64 {
	switch {
	case c == nil:
		return 0
	case c.Covers == nil:
		return c.Round
	}
	return c.Covers[CoverKey(ch)]
}

// Table returns the named table of the snapshot, or nil.
func (c *CurrentRef) Table(name string) *CurrentTable {
	if c == nil {
		return nil
	}
	for i := range c.Tables {
		if c.Tables[i].Table == name {
			return &c.Tables[i]
		}
	}
	return nil
}

// Files lists every file of the snapshot.
func (c *CurrentRef) Files() []File {
	if c == nil {
		return nil
	}
	var out []File
	for _, t := range c.Tables {
		out = append(out, t.Files...)
	}
	return out
}
