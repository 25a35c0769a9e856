package parquetout

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
)

// sink passes a file's bytes to its store writer while counting and
// hashing them, so nothing needs to read the file back.
type sink struct {
	w    io.Writer
	hash hash.Hash
	n    int64
}

// newSink returns a sink in front of w.
func newSink(w io.Writer) *sink {
	h := sha256.New()
	return &sink{w: io.MultiWriter(w, h), hash: h}
}

// Write passes p on and counts what was accepted.
func (s *sink) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.n += int64(n)
	return n, err
}

// sum returns the hex SHA-256 of everything written.
func (s *sink) sum() string { return hex.EncodeToString(s.hash.Sum(nil)) }
