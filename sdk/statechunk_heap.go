//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package sdk

// newStateChunk returns an empty chunk of size bytes for the prior states,
// on the heap on this system.
func newStateChunk(size int) (c []byte, mapped bool) { return make([]byte, 0, size), false }

// freeStateChunk does nothing: a heap chunk is the garbage collector's.
func freeStateChunk([]byte) error { return nil }

// discardStateChunk does nothing: a heap chunk is the garbage collector's.
func discardStateChunk([]byte) {}
