package graph

import "sync"

// minPageBuffer is the first size of a page buffer: an incremental page
// with few or no changes fits, and a large page grows it by doubling.
const minPageBuffer = 16 << 10

// maxSpareBuffers bounds the first-size buffers kept for reuse (2 MiB).
const maxSpareBuffers = 128

// spareBuffers keeps the first-size page buffers of finished walks for the
// next walks: a round of many streams with one small page each (an
// incremental mail round) would otherwise allocate two fresh buffers per
// stream. Only buffers that never grew past the first size are kept, so
// the spare memory stays small; the page memory budget counts a buffer
// only while a walk holds it.
type spareBuffers struct {
	mu   sync.Mutex
	bufs [][]byte
}

// get returns a spare first-size buffer, or nil.
func (s *spareBuffers) get() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.bufs)
	if n == 0 {
		return nil
	}
	b := s.bufs[n-1]
	s.bufs[n-1] = nil
	s.bufs = s.bufs[:n-1]
	return b
}

// put keeps the first-size buffers among bufs, up to maxSpareBuffers. The
// caller no longer uses them.
func (s *spareBuffers) put(bufs ...[]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range bufs {
		if cap(b) == minPageBuffer && len(s.bufs) < maxSpareBuffers {
			s.bufs = append(s.bufs, b[:0])
		}
	}
}
