package manifest

import (
	"bufio"
	"bytes"
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
	// MaxRound is the highest round an entry may have: a round a second
	// reaches it in 31 million years, and an entry numbered near the
	// largest int64 would make the next round's number wrap negative.
	MaxRound = 1e15
)

// lineReader reads the lines of r (bytes between newlines), failing on
// one longer than max, so that a checkpoint inflating to one endless line
// cannot take all memory.
type lineReader struct {
	r        *bufio.Reader
	max      int
	long     []byte // a line longer than r's buffer, gathered
	location string
}

func newLineReader(r io.Reader, max int, location string) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max, location: location}
}

// next returns the next line without its newline, valid until the next
// call; io.EOF after the last. A last line without a newline counts.
func (l *lineReader) next() ([]byte, error) {
	l.long = l.long[:0]
	for {
		part, err := l.r.ReadSlice('\n')
		if len(l.long)+len(part) > l.max+1 || (len(l.long)+len(part) == l.max+1 && !bytes.HasSuffix(part, []byte{'\n'})) {
			return nil, fmt.Errorf("state checkpoint %s has a line longer than the %d bytes etl reads (%w): it is not a checkpoint etl wrote; run etl verify", l.location, l.max, store.ErrTooLarge)
		}
		switch {
		case err == bufio.ErrBufferFull:
			l.long = append(l.long, part...)
			continue
		case err == io.EOF && len(l.long)+len(part) > 0:
			return append(l.long, part...), nil
		case err != nil:
			return nil, err
		}
		if len(l.long) > 0 {
			part = append(l.long, part...)
		}
		return part[:len(part)-1], nil
	}
}
