package manifest

import "time"

// FormatVersion is the version of the entry format this build writes.
const FormatVersion = 1

// Kinds of entries.
const (
	// KindSync is a round of syncing.
	KindSync = "sync"
)

// Stream statuses beyond the plugin's ok, failed and resync_required.
const (
	// StatusCarried marks a stream that did not run this round; its state
	// is copied from the previous entry so the latest entry is complete.
	StatusCarried = "carried"
)

// Entry is one committed round.
type Entry struct {
	Format      int       `json:"format"`
	Pipeline    string    `json:"pipeline"`
	Round       int64     `json:"round"`
	Kind        string    `json:"kind"`
	RunID       string    `json:"run_id"`
	StartedAt   time.Time `json:"started_at"`
	CommittedAt time.Time `json:"committed_at"`
	HostVersion string    `json:"host_version"`
	// Previous is the SHA-256 of the previous entry's bytes; empty for
	// round 1.
	Previous string   `json:"previous_sha256"`
	Streams  []Stream `json:"streams"`
	Files    []File   `json:"files"`
}

// Stream is one stream's part of a round. A stream's state for the next
// round is its DeltaLink and Fingerprint here.
type Stream struct {
	Source string `json:"source"`
	Stream string `json:"stream"`
	// Mode is initial, incremental or resync.
	Mode        string `json:"mode,omitempty"`
	Fingerprint string `json:"fingerprint,omitempty"`
	// StartLinkSHA256 and EndLinkSHA256 hash the deltaLink the round started
	// from and the one it obtained, so auditors can follow the chain.
	StartLinkSHA256 string `json:"start_link_sha256,omitempty"`
	EndLinkSHA256   string `json:"end_link_sha256,omitempty"`
	// DeltaLink is the obtained deltaLink, sealed under the state key.
	DeltaLink string `json:"delta_link_sealed,omitempty"`
	Pages     int64  `json:"pages"`
	Upserts   int64  `json:"upserts"`
	Deletes   int64  `json:"deletes"`
	// Status is ok, failed, resync_required or carried.
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

// File is one Parquet file a round wrote.
type File struct {
	Table  string `json:"table"`
	Path   string `json:"path"`
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Rows sums the rows of the entry's files.
func (e *Entry) Rows() int64 {
	var n int64
	for _, f := range e.Files {
		n += f.Rows
	}
	return n
}

// Deletes sums the streams' deletions.
func (e *Entry) Deletes() int64 {
	var n int64
	for _, s := range e.Streams {
		n += s.Deletes
	}
	return n
}
