package manifest

import (
	"fmt"
	"io"

	"github.com/graphlake/graphlake/internal/store"
)

// The most etl reads of the manifest's objects: a larger one is refused
// with an error naming it and the cap, before it is read, so a damaged or
// hostile lake cannot exhaust the host's memory.
const (
	// MaxEntryBytes caps a manifest entry, read whole. An entry grows
	// with the streams a round changed (about 1.5 KB each) and its files:
	// 1 GiB is several hundred thousand streams.
	MaxEntryBytes = 1 << 30
	// MaxHeadBytes caps a HEAD (a round and a hash, under 200 bytes).
	MaxHeadBytes = 64 << 10
	// MaxCheckpointBytes caps a state checkpoint as stored (gzip).
	MaxCheckpointBytes = 4 << 30
	// MaxCheckpointLineBytes caps one line of a checkpoint once
	// decompressed: one stream's state.
	MaxCheckpointLineBytes = 16 << 20
)

// lineCapped reads r, failing once a line (bytes between newlines) is
// longer than max: a decoder buffers a whole line, so a checkpoint
// inflating to one endless line would otherwise take all memory.
type lineCapped struct {
	r        io.Reader
	max      int64
	line     int64
	location string
}

// Read implements io.Reader.
func (l *lineCapped) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			l.line = 0
			continue
		}
		if l.line++; l.line > l.max {
			return 0, fmt.Errorf("state checkpoint %s has a line longer than the %d bytes etl reads (%w): it is not a checkpoint etl wrote; run etl verify", l.location, l.max, store.ErrTooLarge)
		}
	}
	return n, err
}
