package main

import (
	"slices"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/sdk/wire"
)

// roundSummary is what etl history adds to an entry: counts a reader
// would otherwise derive from its streams and files.
type roundSummary struct {
	// Sources are the sources of the streams the entry records, sorted.
	Sources []string `json:"sources"`
	// Rows and Deletes sum the files' rows and the streams' deletions.
	Rows    int64 `json:"rows"`
	Deletes int64 `json:"deletes"`
	// Resyncs counts streams that started over (mode resync); Failures
	// streams that failed.
	Resyncs  int `json:"resyncs"`
	Failures int `json:"failures"`
	// Snapshot is the round of the current-state snapshot the entry names
	// (its own round when it wrote it), 0 for none.
	Snapshot int64 `json:"snapshot_round,omitempty"`
}

func summarise(e *manifest.Committed) roundSummary {
	s := roundSummary{Sources: []string{}, Rows: e.Rows(), Deletes: e.Deletes()}
	for _, st := range e.Streams {
		if !slices.Contains(s.Sources, st.Source) {
			s.Sources = append(s.Sources, st.Source)
		}
		if st.Mode == wire.ModeResync {
			s.Resyncs++
		}
		if st.Status == wire.StatusFailed {
			s.Failures++
		}
	}
	slices.Sort(s.Sources)
	if e.Current != nil {
		s.Snapshot = e.Current.Round
	}
	return s
}

// dashIfEmpty prints "-" for an empty value.
func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// short is the first 12 characters of a hash, "-" for none.
func short(hash string) string { return dashIfEmpty(hash[:min(12, len(hash))]) }
