package manifest

// CurrentRef names a current-state snapshot: every table's live rows after
// round Round, one row per key, sorted by key (package current writes and
// reads them). A table's current state is its snapshot with the change-log
// files of the entries after Round applied.
type CurrentRef struct {
	// Round is the round whose state the snapshot holds.
	Round int64 `json:"round"`
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
